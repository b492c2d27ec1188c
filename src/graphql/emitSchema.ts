import "reflect-metadata";
import { writeFileSync } from "node:fs";
import { printSchema } from "graphql";
import { buildCofferSchema } from "./buildCofferSchema.js";

/** Writes the schema the code defines to schema/schema.graphql (checked in; CI fails on drift). */
const target = process.argv[2] ?? "schema/schema.graphql";
writeFileSync(target, printSchema(buildCofferSchema()) + "\n");
console.log(`schema written to ${target}`);
