import { z } from "zod";
import { workspaceRoles } from "@/lib/auth/permissions";
import { nameSchema } from "@/lib/validation/names";
import { idSchema } from "@/lib/validation/stored-text";

export const workspaceNameSchema = nameSchema({ noun: "Workspace", maxLength: 100 });
export const roleSchema = z.enum(workspaceRoles);

export const createWorkspaceSchema = z.object({ name: workspaceNameSchema });
export const renameWorkspaceSchema = z.object({ name: workspaceNameSchema });
/** The typed confirmation: the workspace's name exactly as shown. */
export const deleteWorkspaceSchema = z.object({ confirmName: z.string().max(200) });
export const changeRoleSchema = z.object({ role: roleSchema });
export const createInvitationSchema = z.object({ email: z.email().max(254), role: roleSchema });
export const moveProjectSchema = z.object({ workspaceId: idSchema });
/** 32 random bytes as base64url: 43 characters. */
export const invitationTokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/);
