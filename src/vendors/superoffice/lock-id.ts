import { z } from "zod";
import { int32Schema } from "../../domain/arguments.js";
import { Provider } from "../../domain/providers.js";
import { lockIdCodec } from "../lock-ids.js";

export interface SuperOfficeLockRef {
  provider: Provider.SUPEROFFICE;
  documentId: number;
}

export const superOfficeLockId = lockIdCodec(
  Provider.SUPEROFFICE,
  z.tuple([int32Schema]),
  (ref: SuperOfficeLockRef): [number] => [ref.documentId],
  ([documentId]): SuperOfficeLockRef => ({ provider: Provider.SUPEROFFICE, documentId }),
);
