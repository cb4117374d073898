import { registerEnumType } from "type-graphql";
import { ResourceKind } from "../domain/locks.js";

registerEnumType(ResourceKind, {
  name: "ResourceKind",
  description: "What kind of thing a lock holds.",
  valuesConfig: {
    REFERENCE_DATA: { description: "A client's reference data (id: the client id)." },
    IMODEL: { description: "Objects in a Bentley iModel (id: the iModel id; objectIds: the objects)." },
    DOCUMENT: { description: "A SuperOffice document (id: the document id)." },
    BACKUP: { description: "A KooDrive backup module (id: the module code 100, 101 or 102)." },
    FILE: { description: "An Oracle Content Management file (id: the file id)." },
  },
});

export { ResourceKind };
