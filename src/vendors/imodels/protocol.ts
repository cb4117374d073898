/** Facts of the iModels API that its data source and its simulator both follow. */

/** "Currently there can be at most 1000 object ids in a single request" (Update iModel Locks). */
export const MAX_OBJECT_IDS_PER_UPDATE = 1000;

/** The media type the iModels v2 API asks for in `Accept` (developer.bentley.com, iModels v2 operations). */
export const ITWIN_V2_MEDIA_TYPE = "application/vnd.bentley.itwin-platform.v2+json";
