import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { badUserInput } from "../errors.js";
import { CheckInDocumentArgs } from "../schema/check-in-document.args.js";
import { Document } from "../schema/document.entity.js";
import { Lock } from "../schema/lock.type.js";
import { boundedList, positiveInt } from "../validation.js";

/** The largest SuperOffice document id: the vendor's ids are int32 (seed 002). */
const INT32_MAX = 2_147_483_647;

/** SuperOffice document checkouts, and the `lock` field LockGraph adds to the federated `Document`. */
@Resolver(() => Document)
export class DocumentResolver {
  @Query(() => Lock, { nullable: true, description: "A SuperOffice document's checkout; null when it is not checked out or its document plugin cannot lock." })
  async documentLock(
    @Arg("documentId", () => Int, { description: "The SuperOffice document id." }) documentId: number,
    @Ctx() { dataSources }: Context,
  ): Promise<Lock | null> {
    return dataSources.superOffice.documentLock(positiveInt(documentId, "documentId"));
  }

  @Query(() => [Lock], {
    nullable: "items",
    description: "The checkouts of several SuperOffice documents: one entry per id, in order; null where not checked out, and an error at that entry's path where its read failed.",
  })
  async documentLocks(
    @Arg("documentIds", () => [Int], { description: "SuperOffice document ids; duplicates are read once. At most the configured list length." }) documentIds: number[],
    @Ctx() { dataSources, limits }: Context,
  ): Promise<Array<Lock | null | Error>> {
    const ids = boundedList(documentIds, limits.maxListLength, "documentIds").map((id) => positiveInt(id, "documentIds"));
    return dataSources.superOffice.documentLocks(ids);
  }

  @Mutation(() => Lock, { description: "Checks a SuperOffice document out for the caller. Another holder is LOCK_CONFLICT; a plugin that cannot lock is UNSUPPORTED_OPERATION." })
  async checkOutDocument(
    @Arg("documentId", () => Int, { description: "The SuperOffice document id." }) documentId: number,
    @Ctx() { dataSources }: Context,
  ): Promise<Lock> {
    return dataSources.superOffice.checkOut(positiveInt(documentId, "documentId"));
  }

  @Mutation(() => Lock, { description: "Checks the caller's checkout in as a new document version. The answer has state RELEASED. To abandon a checkout instead, use releaseLock." })
  async checkInDocument(@Args(() => CheckInDocumentArgs) { documentId, versionDescription }: CheckInDocumentArgs, @Ctx() { dataSources }: Context): Promise<Lock> {
    return dataSources.superOffice.checkIn(positiveInt(documentId, "documentId"), versionDescription ?? undefined);
  }

  @FieldResolver(() => Lock, { nullable: true, description: "The document's checkout; null when it is not checked out or its document plugin cannot lock." })
  async lock(@Root() document: Document, @Ctx() { dataSources }: Context): Promise<Lock | null> {
    return dataSources.superOffice.documentLock(Number(document.id));
  }
}

/** `_entities`: a Document representation's id must be a SuperOffice document id (a positive int32); `lock` then trusts it. */
export function documentReference({ id }: { id: string }): Document {
  if (!/^[1-9]\d{0,9}$/.test(id) || Number(id) > INT32_MAX) throw badUserInput("A Document id must be a SuperOffice document id, a positive 32-bit integer.", { argument: "id" });
  return { id };
}
