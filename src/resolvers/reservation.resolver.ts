import { Arg, Args, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from "type-graphql";
import type { Context } from "../context.js";
import { FileReservationArgs } from "../schema/file-reservation.args.js";
import { File } from "../schema/file.entity.js";
import { Reservation } from "../schema/reservation.type.js";

/** Oracle Content Management file reservations, and the `reservation` field LockGraph adds to the federated `File`. */
@Resolver(() => File)
export class ReservationResolver {
  @Query(() => Reservation, {
    nullable: true,
    description: "A file's reservation, read live; null when the file is not reserved.",
  })
  async fileReservation(
    @Args(() => FileReservationArgs) { fileId, link }: FileReservationArgs,
    @Ctx() { locks }: Context,
  ): Promise<Reservation | null> {
    return locks.fileReservation(fileId, link);
  }

  @Query(() => [Reservation], {
    nullable: "itemsAndList",
    description:
      "The reservations of several files: one entry per id, in order; null where not reserved, and an error at that entry's path where its read failed.",
  })
  async fileReservations(
    @Arg("fileIds", () => [ID], {
      description: "Oracle Content file ids; duplicates are read once. At most the configured list length.",
    })
    fileIds: string[],
    @Ctx() { locks }: Context,
  ): Promise<Array<Reservation | null | Error>> {
    return locks.fileReservations(fileIds);
  }

  @Mutation(() => Reservation, {
    nullable: true,
    description:
      "Reserves a file for the caller, so others see it is in use. A file another user reserved is LOCK_CONFLICT.",
  })
  async reserveFile(
    @Args(() => FileReservationArgs) { fileId, link }: FileReservationArgs,
    @Ctx() { locks }: Context,
  ): Promise<Reservation> {
    return locks.reserveFile(fileId, link);
  }

  @Mutation(() => Reservation, {
    nullable: true,
    description:
      "Removes a file's reservation; LockGraph looks up who holds it, so the caller need not know. The answer has state RELEASED, also when the file was not reserved.",
  })
  async unreserveFile(
    @Args(() => FileReservationArgs) { fileId, link }: FileReservationArgs,
    @Ctx() { locks }: Context,
  ): Promise<Reservation> {
    return locks.unreserveFile(fileId, link);
  }

  @FieldResolver(() => Reservation, {
    nullable: true,
    description: "The file's Oracle Content reservation; null when it is not reserved.",
  })
  async reservation(@Root() file: File, @Ctx() { locks }: Context): Promise<Reservation | null> {
    // The loader behind fileReservations: the Files of one _entities call ask each file once.
    return locks.fileReservation(file.id, null, "File.reservation");
  }
}
