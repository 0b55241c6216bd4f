/**
 * The files a fake Bot API keeps, as Telegram keeps them: each under a `file_id` of its kind (a photo's
 * id is refused by sendDocument and a document's by sendPhoto), served by `getFile` (up to 20 MB; a
 * larger file is answered "file is too big") and downloaded from `/file/bot<token>/<file_path>`.
 */

export type FileKind = 'photo' | 'document';

export interface KeptFile {
  fileId: string;
  kind: FileKind;
  bytes: Buffer;
  fileName?: string;
  /** What getFile reports; the length of `bytes` unless a test pretends a bigger file. */
  size: number;
  filePath?: string;
}

/** Telegram's limit on files a bot may download. */
export const GET_FILE_LIMIT_BYTES = 20 * 1024 * 1024;

export type FileAnswer = { ok: true; result: unknown } | { ok: false; code: number; description: string };

export class FileStore {
  private readonly files = new Map<string, KeptFile>();
  private readonly byPath = new Map<string, KeptFile>();
  private nextId = 1;

  /** Keeps a file a member sent (the id an update names), or one the bot uploaded. */
  keep(fileId: string, bytes: Buffer, options: { kind?: FileKind; fileName?: string; size?: number } = {}): KeptFile {
    const file: KeptFile = {
      fileId,
      kind: options.kind ?? 'document',
      bytes,
      size: options.size ?? bytes.length,
      ...(options.fileName !== undefined ? { fileName: options.fileName } : {}),
    };
    this.files.set(fileId, file);
    return file;
  }

  /** An uploaded file gets an id of its own, as Telegram answers with one. */
  keepUpload(kind: FileKind, bytes: Buffer, fileName: string): KeptFile {
    return this.keep(`uploaded-${this.nextId++}`, bytes, { kind, fileName });
  }

  get(fileId: string): KeptFile | undefined {
    return this.files.get(fileId);
  }

  /** Deleted on the platform: getFile and sends by its id fail from now on. */
  forget(fileId: string): void {
    this.files.delete(fileId);
  }

  /** A send of a kept file by its id: the file, or Telegram's refusal. */
  byId(fileId: string, kind: FileKind): { ok: true; file: KeptFile } | { ok: false; description: string } {
    const file = this.files.get(fileId);
    if (!file) return { ok: false, description: 'Bad Request: wrong file identifier/HTTP URL specified' };
    if (file.kind !== kind) return { ok: false, description: 'Bad Request: type of file mismatch' };
    return { ok: true, file };
  }

  getFile(fileId: unknown): FileAnswer {
    const file = typeof fileId === 'string' ? this.files.get(fileId) : undefined;
    if (!file) return { ok: false, code: 400, description: 'Bad Request: invalid file_id' };
    if (file.size > GET_FILE_LIMIT_BYTES) return { ok: false, code: 400, description: 'Bad Request: file is too big' };
    if (!file.filePath) {
      file.filePath = `${file.kind === 'photo' ? 'photos' : 'documents'}/file_${this.nextId++}`;
      this.byPath.set(file.filePath, file);
    }
    return {
      ok: true,
      result: {
        file_id: file.fileId,
        file_unique_id: `u-${file.fileId}`,
        file_size: file.size,
        file_path: file.filePath,
      },
    };
  }

  /** The bytes at a `file_path` getFile gave (while the file is kept). */
  download(filePath: string): Buffer | undefined {
    const file = this.byPath.get(filePath);
    return file && this.files.get(file.fileId) === file ? file.bytes : undefined;
  }
}
