import type { IncomingMessage } from "node:http";

export class PayloadTooLarge extends Error {}

/**
 * A request's body as UTF-8 text. Past `limit` bytes it stops keeping chunks, drains the
 * rest and rejects with PayloadTooLarge, so an oversized body never sits in memory.
 */
export function readBody(req: IncomingMessage, limit = Number.POSITIVE_INFINITY): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(new PayloadTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
