import { z } from "zod";

/** Column parsers shared by the stores: the two drivers differ in how they hand back int8 and timestamps. */
export const int8 = z
  .union([z.string().regex(/^\d+$/), z.number().int().nonnegative(), z.bigint()])
  .transform(String);
export const timestamp = z.coerce.date();
export const nullableTimestamp = z.coerce.date().nullable();
