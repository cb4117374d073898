import { Credentials, type HeaderSource } from "./credentials.js";
import { DataSources, type DataSourceDeps } from "./datasources/index.js";

/** Per request: the caller's credentials and data sources, so nothing is shared between callers. */
export interface Context {
  credentials: Credentials;
  dataSources: DataSources;
  /** Bounds on list arguments (ids per query), from the configuration. */
  limits: DataSourceDeps["limits"];
}

export function createContext(deps: DataSourceDeps, headers: HeaderSource): Context {
  const credentials = new Credentials(headers);
  return { credentials, dataSources: new DataSources(deps, credentials), limits: deps.limits };
}
