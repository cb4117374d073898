import { Field, ID, InputType } from "type-graphql";
import { DateTime } from "./date-time.scalar.js";
import { LockState } from "./lock-state.enum.js";
import { Provider } from "./provider.enum.js";
import { ResourceInput } from "./resource.input.js";

@InputType({ description: "Which holds to list; each field narrows." })
export class HoldFilter {
  @Field(() => [Provider], { nullable: true, description: "Only these vendors." })
  providers?: Provider[] | null;

  @Field(() => [LockState], { nullable: true, description: "Only these states; default [HELD]." })
  states?: LockState[] | null;

  @Field(() => ID, { nullable: true, description: "The vendor's id for the holder (Principal.id)." })
  holderId?: string | null;

  @Field(() => [ResourceInput], { nullable: true, description: "Only holds of these resources." })
  resources?: ResourceInput[] | null;

  @Field(() => DateTime, { nullable: true, description: "Only holds whose lease ends before this time." })
  expiresBefore?: Date | null;
}
