import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { CheckInDocumentArgs } from "../schema/check-in-document.args.js";
import { Document } from "../schema/document.entity.js";
import { Lock } from "../schema/lock.type.js";

/** SuperOffice document checkouts, and the `lock` field LockGraph adds to the federated `Document`. */
@Resolver(() => Document)
export class DocumentResolver {
  @Query(() => Lock, {
    nullable: true,
    description:
      "A SuperOffice document's checkout; null when it is not checked out or its document plugin cannot lock.",
  })
  async documentLock(
    @Arg("documentId", () => Int, { description: "The SuperOffice document id." }) documentId: number,
    @Ctx() { locks }: Context,
  ): Promise<Lock | null> {
    return locks.documentLock(documentId);
  }

  @Query(() => [Lock], {
    nullable: "itemsAndList",
    description:
      "The checkouts of several SuperOffice documents: one entry per id, in order; null where not checked out, and an error at that entry's path where its read failed.",
  })
  async documentLocks(
    @Arg("documentIds", () => [Int], {
      description: "SuperOffice document ids; duplicates are read once. At most the configured list length.",
    })
    documentIds: number[],
    @Ctx() { locks }: Context,
  ): Promise<Array<Lock | null | Error>> {
    return locks.documentLocks(documentIds);
  }

  @Mutation(() => Lock, {
    nullable: true,
    description:
      "Checks a SuperOffice document out for the caller. Another holder is LOCK_CONFLICT; a plugin that cannot lock is UNSUPPORTED_OPERATION.",
  })
  async checkOutDocument(
    @Arg("documentId", () => Int, { description: "The SuperOffice document id." }) documentId: number,
    @Ctx() { locks }: Context,
  ): Promise<Lock> {
    return locks.checkOutDocument(documentId);
  }

  @Mutation(() => Lock, {
    nullable: true,
    description:
      "Checks the caller's checkout in as a new document version. The answer has state RELEASED. To abandon a checkout instead, use releaseLock.",
  })
  async checkInDocument(
    @Args(() => CheckInDocumentArgs) { documentId, versionDescription }: CheckInDocumentArgs,
    @Ctx() { locks }: Context,
  ): Promise<Lock> {
    return locks.checkInDocument(documentId, versionDescription);
  }

  @FieldResolver(() => Lock, {
    nullable: true,
    description:
      "The document's checkout; null when it is not checked out or its document plugin cannot lock.",
  })
  async lock(@Root() document: Document, @Ctx() { locks }: Context): Promise<Lock | null> {
    return locks.documentLock(Number(document.id), "Document.lock");
  }
}
