import { ArgsType, Field, Int } from "type-graphql";

/**
 * `checkInDocument`'s arguments as a class, so the schema lists them in the contract's
 * order: type-graphql emits separate `@Arg` parameters last to first.
 */
@ArgsType()
export class CheckInDocumentArgs {
  @Field(() => Int, { description: "The SuperOffice document id." })
  documentId!: number;

  @Field(() => String, {
    nullable: true,
    description: "A description of the new version, passed to the document plugin.",
  })
  versionDescription?: string | null;
}
