import { registerEnumType } from "type-graphql";
import { BackupModule } from "../domain/locks.js";

registerEnumType(BackupModule, {
  name: "BackupModule",
  description: "A KooDrive backup module, each with its own backup lock.",
  valuesConfig: {
    FOLDER: { description: "Folders (KooDrive module code 100)." },
    ALBUM: { description: "Albums (KooDrive module code 101)." },
    ADDRESS_BOOK: { description: "The address book (KooDrive module code 102)." },
  },
});

export { BackupModule };
