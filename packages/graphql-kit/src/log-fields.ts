import { annotateRequest } from "@cg/core/request-log";
import { getOperationAST, Kind } from "graphql";
import type { Plugin } from "graphql-yoga";

/**
 * Names the executed operation in the request's log line: its type and its name, or its root
 * fields when it has none ("mutation customerSet"). Never variables or arguments: they carry
 * personal data.
 */
export const logFieldsPlugin: Plugin = {
  onExecute({ args }) {
    const op = getOperationAST(args.document, args.operationName ?? undefined);
    if (!op) return;
    const roots = op.selectionSet.selections
      .map((s) => (s.kind === Kind.FIELD ? s.name.value : "…"))
      .join(",");
    annotateRequest({ operation: `${op.operation} ${op.name?.value ?? roots}` });
  },
};
