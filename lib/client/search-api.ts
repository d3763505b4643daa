import {
  projectReplaceResponseSchema,
  projectSearchResponseSchema,
  type ProjectReplaceRequest,
  type ProjectReplaceResponse,
  type ProjectSearchRequest,
  type ProjectSearchResponse,
} from "@/lib/validation/search";
import { apiJson } from "./api-error";

const base = (projectId: string) => `/api/projects/${encodeURIComponent(projectId)}/search`;

/** Search across the project's saved files, and replace-all as one snapshot; answers parsed. */
export const searchApi = {
  search: (projectId: string, request: ProjectSearchRequest): Promise<ProjectSearchResponse> =>
    apiJson<unknown>(base(projectId), { method: "POST", json: request }).then((r) => projectSearchResponseSchema.parse(r)),
  replace: (projectId: string, request: ProjectReplaceRequest): Promise<ProjectReplaceResponse> =>
    apiJson<unknown>(`${base(projectId)}/replace`, { method: "POST", json: request }).then((r) => projectReplaceResponseSchema.parse(r)),
};
