import { describeVendoredAnchors } from "@cg/graphql-kit/testing";

describeVendoredAnchors(import.meta.url);
