-- CreateTable
CREATE TABLE "SendPace" (
    "key" TEXT NOT NULL,
    "nextAt" TIMESTAMPTZ(3) NOT NULL,
    "recent" TIMESTAMPTZ(3)[],

    CONSTRAINT "SendPace_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "SendPace_nextAt_idx" ON "SendPace"("nextAt");

-- Books the next message of one bot to one chat under the bot's shared limits, in one round trip:
-- the chat's row first (its 1-per-interval gap and, for a group, its window cap); when the chat is not
-- free yet, nothing is booked and the caller is told how long to wait. Otherwise the bot's next slot is
-- taken (slots are `p_global_ms` apart, handed out in order), and the chat's next free moment counts
-- from that slot. Locks: the chat's row, then the bot's row, always in that order (no deadlock).
-- Times are the database's clock, so that instances on machines with different clocks agree.
CREATE FUNCTION hamkar_book_send(
  p_bot text,
  p_chat text,
  p_global_ms double precision,
  p_chat_ms double precision,
  p_group_limit integer,
  p_group_window_ms double precision
) RETURNS TABLE (booked boolean, wait_ms double precision)
LANGUAGE plpgsql AS $$
DECLARE
  now_at timestamptz := clock_timestamp();
  chat_next timestamptz;
  chat_recent timestamptz[];
  free_at timestamptz;
  slot timestamptz;
BEGIN
  INSERT INTO "SendPace" (key, "nextAt", recent) VALUES (p_chat, now_at, '{}') ON CONFLICT (key) DO NOTHING;
  SELECT "nextAt", recent INTO chat_next, chat_recent FROM "SendPace" WHERE key = p_chat FOR UPDATE;
  free_at := greatest(now_at, chat_next);
  IF p_group_limit > 0 THEN
    chat_recent := ARRAY(
      SELECT t FROM unnest(coalesce(chat_recent, '{}')) AS t
      WHERE t > now_at - p_group_window_ms * interval '1 millisecond' ORDER BY t);
    IF cardinality(chat_recent) >= p_group_limit THEN
      free_at := greatest(free_at,
        chat_recent[cardinality(chat_recent) - p_group_limit + 1] + p_group_window_ms * interval '1 millisecond');
    END IF;
  END IF;
  IF free_at > now_at THEN
    RETURN QUERY SELECT false, extract(epoch FROM free_at - now_at)::double precision * 1000;
    RETURN;
  END IF;
  INSERT INTO "SendPace" AS pace (key, "nextAt", recent)
  VALUES (p_bot, now_at + p_global_ms * interval '1 millisecond', '{}')
  ON CONFLICT (key) DO UPDATE SET "nextAt" = greatest(pace."nextAt", now_at) + p_global_ms * interval '1 millisecond'
  RETURNING pace."nextAt" - p_global_ms * interval '1 millisecond' INTO slot;
  UPDATE "SendPace" SET
    "nextAt" = slot + p_chat_ms * interval '1 millisecond',
    recent = CASE WHEN p_group_limit > 0
      THEN (chat_recent || slot)[greatest(1, cardinality(chat_recent) + 2 - p_group_limit):]
      ELSE '{}' END
  WHERE key = p_chat;
  RETURN QUERY SELECT true, extract(epoch FROM slot - now_at)::double precision * 1000;
END
$$;
