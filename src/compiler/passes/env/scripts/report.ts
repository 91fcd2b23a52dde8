import { z } from "zod";
import { RejectedName } from "../schema.js";

const ReportItem = z.object({ kind: z.enum(["python", "node", "bins", "env", "os", "system"]), name: z.string() });

/** What env/install.sh prints on stdout. `planned` is filled only by --dry-run. */
export const InstallReport = z.object({
  installed: z.array(ReportItem),
  alreadyPresent: z.array(ReportItem),
  failed: z.array(ReportItem.extend({ error: z.string() })),
  skipped: z.array(ReportItem.extend({ reason: z.string(), command: z.string().optional() })),
  planned: z.array(ReportItem.extend({ command: z.string() })).default([]),
  dryRun: z.boolean(),
  rejected: z.array(RejectedName).default([]),
});
export type InstallReport = z.infer<typeof InstallReport>;
