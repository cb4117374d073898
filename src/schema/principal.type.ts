import { Field, ID, ObjectType } from "type-graphql";

@ObjectType({ description: "Who holds a lock: a user, a SuperOffice associate or an iModels briefcase." })
export class Principal {
  @Field(() => ID, {
    description:
      "The vendor's id for the holder: user id, SuperOffice associate id, or iModels briefcase id.",
  })
  id!: string;

  @Field(() => String, { nullable: true, description: "A human-readable name, where the vendor gives one." })
  displayName?: string | null;
}
