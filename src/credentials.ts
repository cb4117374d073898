import { Provider } from "./schema/provider.enum.js";
import { Redactor } from "./datasources/errors.js";

/** The request headers that carry each provider's credential (CONTRACT.md, "Credentials"). */
export const CREDENTIAL_HEADERS = {
  [Provider.REFERENCE_DATA]: "x-reference-data-authorization",
  [Provider.IMODELS]: "x-imodels-authorization",
  [Provider.SUPEROFFICE]: "x-superoffice-authorization",
  [Provider.KOODRIVE]: "x-koodrive-authorization",
  [Provider.ORACLE_CONTENT]: "x-oracle-content-authorization",
} as const satisfies Record<Provider, string>;

/** Not a secret, but KooDrive needs it beside the token. */
export const KOODRIVE_USER_HEADER = "x-koodrive-user-id";

export interface HeaderSource {
  get(name: string): string | undefined;
}

/** One request's credentials, read only from that request's own headers. */
export class Credentials {
  readonly redactor: Redactor;
  readonly koodriveUserId: string | undefined;
  private readonly values: Partial<Record<Provider, string>> = {};

  constructor(headers: HeaderSource) {
    for (const provider of Object.values(Provider)) {
      const value = headers.get(CREDENTIAL_HEADERS[provider])?.trim();
      if (value) this.values[provider] = value;
    }
    this.koodriveUserId = headers.get(KOODRIVE_USER_HEADER)?.trim() || undefined;
    this.redactor = new Redactor(Object.values(this.values));
  }

  for(provider: Provider): string | undefined {
    return this.values[provider];
  }
}
