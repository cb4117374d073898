import { registerEnumType } from "type-graphql";

/** KooDrive backup modules; the value is the vendor's module code (VENDORS.md §4). */
export enum BackupModule {
  FOLDER = "FOLDER",
  ALBUM = "ALBUM",
  ADDRESS_BOOK = "ADDRESS_BOOK",
}

export const BACKUP_MODULE_CODES: Record<BackupModule, string> = {
  [BackupModule.FOLDER]: "100",
  [BackupModule.ALBUM]: "101",
  [BackupModule.ADDRESS_BOOK]: "102",
};

registerEnumType(BackupModule, {
  name: "BackupModule",
  description: "A KooDrive backup module, each with its own backup lock.",
  valuesConfig: {
    FOLDER: { description: "Folders (KooDrive module code 100)." },
    ALBUM: { description: "Albums (KooDrive module code 101)." },
    ADDRESS_BOOK: { description: "The address book (KooDrive module code 102)." },
  },
});
