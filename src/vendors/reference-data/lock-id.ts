import { z } from "zod";
import { int32Schema } from "../../domain/arguments.js";
import { Provider } from "../../domain/providers.js";
import { lockIdCodec } from "../lock-ids.js";

export interface ReferenceDataLockRef {
  provider: Provider.REFERENCE_DATA;
  clientId: number;
}

export const referenceDataLockId = lockIdCodec(
  Provider.REFERENCE_DATA,
  z.tuple([int32Schema]),
  (ref: ReferenceDataLockRef): [number] => [ref.clientId],
  ([clientId]): ReferenceDataLockRef => ({ provider: Provider.REFERENCE_DATA, clientId }),
);
