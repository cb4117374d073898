import { z } from "zod";
import { int32Schema, vendorIdSchema } from "../../domain/arguments.js";
import { LockLevel } from "../../domain/locks.js";
import { Provider } from "../../domain/providers.js";
import { lockIdCodec } from "../lock-ids.js";

export interface IModelsLockRef {
  provider: Provider.IMODELS;
  iModelId: string;
  briefcaseId: number;
  level: LockLevel;
}

export const iModelsLockId = lockIdCodec(
  Provider.IMODELS,
  z.tuple([vendorIdSchema, int32Schema, z.enum(LockLevel)]),
  (ref: IModelsLockRef): [string, number, LockLevel] => [ref.iModelId, ref.briefcaseId, ref.level],
  ([iModelId, briefcaseId, level]): IModelsLockRef => ({
    provider: Provider.IMODELS,
    iModelId,
    briefcaseId,
    level,
  }),
);
