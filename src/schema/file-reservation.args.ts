import { ArgsType, Field, ID } from "type-graphql";
import { PublicLinkInput } from "./public-link.input.js";

/**
 * The arguments of fileReservation, reserveFile and unreserveFile. An args class keeps the
 * contract's order (fileId, link): type-graphql lists separate @Arg parameters last first.
 */
@ArgsType()
export class FileReservationArgs {
  @Field(() => ID, {
    description:
      "The Oracle Content file id (GUID-like, such as D5B8B54BA8C121BEDB91A1341212FF6185DEA5EFC0BD).",
  })
  fileId!: string;

  @Field(() => PublicLinkInput, {
    nullable: true,
    description: "A public link, to reach a file in a folder not shared with the caller.",
  })
  link?: PublicLinkInput | null;
}
