import { Field, ID, InputType } from "type-graphql";
import { HoldEventKind } from "./hold-event-kind.enum.js";
import { Provider } from "./provider.enum.js";
import { ResourceInput } from "./resource.input.js";

@InputType({ description: "Which events: each list narrows; an empty or missing list lets all through." })
export class HoldEventFilter {
  @Field(() => [Provider], { nullable: true, description: "Only these vendors' holds." })
  providers?: Provider[] | null;

  @Field(() => [ID], { nullable: true, description: "Only these holds (Lock or Reservation ids)." })
  holdIds?: string[] | null;

  @Field(() => [ResourceInput], { nullable: true, description: "Only holds of these resources." })
  resources?: ResourceInput[] | null;

  @Field(() => [HoldEventKind], { nullable: true, description: "Only these kinds of event." })
  kinds?: HoldEventKind[] | null;
}
