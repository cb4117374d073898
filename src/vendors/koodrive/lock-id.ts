import { z } from "zod";
import { vendorIdSchema } from "../../domain/arguments.js";
import { Provider } from "../../domain/providers.js";
import { lockIdCodec } from "../lock-ids.js";

export interface KooDriveLockRef {
  provider: Provider.KOODRIVE;
  lockId: string;
}

export const kooDriveLockId = lockIdCodec(
  Provider.KOODRIVE,
  z.tuple([vendorIdSchema]),
  (ref: KooDriveLockRef): [string] => [ref.lockId],
  ([lockId]): KooDriveLockRef => ({ provider: Provider.KOODRIVE, lockId }),
);
