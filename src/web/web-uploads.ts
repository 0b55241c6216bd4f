import type { FastifyInstance, FastifyRequest } from 'fastify';
import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';

/**
 * File uploads of the dashboard's forms (`enctype="multipart/form-data"`: a CSV of libraries, a
 * template). Every part is read into the body as the url-encoded forms are, so that the CSRF check
 * finds `_csrf` where it always does and a page reads a field with `page.field`; a file is kept with
 * its name and type as an `UploadedFile`.
 */
export interface UploadedFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
}

/** As much as the chat takes of a CSV (library-service.ts MAX_CSV_BYTES); templates are far smaller. */
export const UPLOAD_LIMIT_BYTES = 2 * 1024 * 1024;

export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    attachFieldsToBody: 'keyValues',
    // One file and a few fields: a form posting more is not one of ours (413/400 from the plugin).
    limits: { fileSize: UPLOAD_LIMIT_BYTES, fieldSize: UPLOAD_LIMIT_BYTES, files: 1, fields: 20, parts: 21 },
    async onFile(part: MultipartFile & { value?: unknown }) {
      const uploaded: UploadedFile = { fileName: part.filename, mimeType: part.mimetype, bytes: await part.toBuffer() };
      part.value = uploaded;
    },
  });
}

/** The file posted in `name`, or null when none was chosen (a browser sends an empty, unnamed part). */
export function uploadedFile(request: FastifyRequest, name: string): UploadedFile | null {
  const value = (request.body as Record<string, unknown> | undefined)?.[name];
  if (!value || typeof value !== 'object' || !('bytes' in value)) return null;
  const file = value as UploadedFile;
  return file.bytes.length === 0 && file.fileName === '' ? null : file;
}
