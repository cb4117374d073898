import { Field, InputType } from "type-graphql";

@InputType({
  description:
    "An Oracle Content public link that grants the caller access to a file in a folder not shared with them. The link must have the contributor role.",
})
export class PublicLinkInput {
  @Field(() => String, {
    description: "The public link id, such as LF8D36FAFAB4388BECEAC4AEB5D17B95F47087F4E518.",
  })
  linkId!: string;

  @Field(() => String, {
    nullable: true,
    description:
      "The link's access code, when the link is protected by one. A secret: LockGraph never logs or echoes it.",
  })
  accessCode?: string | null;
}
