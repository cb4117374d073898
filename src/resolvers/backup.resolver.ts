import { Arg, Ctx, Mutation, Resolver } from "type-graphql";
import type { Context } from "../context.js";
import { BackupModule } from "../schema/backup-module.enum.js";
import { Lock } from "../schema/lock.type.js";

/** KooDrive backup locks. Renewing and releasing go by lock id (`renewLock`, `releaseLock`); reading is `lock(id)`. */
@Resolver()
export class BackupResolver {
  @Mutation(() => Lock, {
    nullable: true,
    description:
      "Acquires the caller's KooDrive backup lock on a module. It lapses 10 minutes later (`expiresAt`) unless renewed with `renewLock`. " +
      "KooDrive keeps one lock per user and module: acquiring it again while it is live is LOCK_CONFLICT.",
  })
  async acquireBackupLock(
    @Arg("module", () => BackupModule, { description: "The backup module to lock." }) module: BackupModule,
    @Ctx() { locks }: Context,
  ): Promise<Lock> {
    return locks.acquireBackupLock(module);
  }
}
