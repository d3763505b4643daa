// GET /api/agent/models – the models the agent may use (from the server's environment) and the default
import { NextResponse } from "next/server";
import { defaultModelId, listModels } from "@/lib/agent/providers";
import { requireCaller } from "@/lib/auth/guard";
import { route } from "@/lib/http";

export const GET = route(async (req) => {
  await requireCaller(req.headers);
  return NextResponse.json({ models: listModels(), defaultModel: defaultModelId() });
});
