import type { ApolloServerPlugin } from "@apollo/server";
import {
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInputObjectType,
  isListType,
  Kind,
  TypeInfo,
  visit,
  visitWithTypeInfo,
  type ASTNode,
  type GraphQLInputType,
  type GraphQLSchema,
} from "graphql";
import { BadUserInputError, ErrorCode } from "../../domain/errors.js";
import { parseAssetCode, parseSubAccountEmail, parseSymbol } from "../../domain/userCodes.js";
import { RequestRefusal } from "./errorMapping.js";

type CodeRule = (value: unknown, argumentName: string) => unknown;

/**
 * Where the schema takes a code a user types, by schema coordinate (`Type.field(arg:)` for a
 * field argument, `Input.field` for an input field; a list is checked item by item).
 */
export const INPUT_CODE_RULES: Readonly<Record<string, CodeRule>> = {
  "Account.balances(assets:)": parseAssetCode,
  "TransferFilter.assets": parseAssetCode,
  "TransferInput.asset": parseAssetCode,
  "AccountRefInput.symbol": parseSymbol,
  "TransferInput.subAccountEmail": parseSubAccountEmail,
};

/**
 * Checks every asset code, symbol and sub-account email in an operation (literals and
 * variables, at any depth) before the operation runs, so a Unicode look-alike such as "uſdt" is
 * refused before any upstream call and before anything is journaled: HTTP 400,
 * BAD_USER_INPUT, a message naming the argument (`input.from.symbol`, `assets[1]`) and the
 * value received. Resolvers and the transfer service apply the same rules when they normalize.
 */
export function inputCodesPlugin(schema: GraphQLSchema, rules: Readonly<Record<string, CodeRule>> = INPUT_CODE_RULES): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, operation }) {
          if (!operation) return;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          // Variables that do not fit their types: execution reports them (HTTP 400) as usual.
          if ("errors" in coerced && coerced.errors) return;
          const variables = coerced.coerced;
          const check = (value: unknown, type: GraphQLInputType, coordinate: string, path: string): void => {
            if (value === null || value === undefined) return;
            const nullable = getNullableType(type);
            if (isListType(nullable)) {
              const items = Array.isArray(value) ? value : [value];
              items.forEach((item, i) => check(item, nullable.ofType, coordinate, `${path}[${i}]`));
              return;
            }
            const rule = rules[coordinate];
            if (rule) {
              try {
                rule(value, path);
              } catch (error) {
                if (error instanceof BadUserInputError) {
                  throw new RequestRefusal(ErrorCode.BAD_USER_INPUT, error.message);
                }
                throw error;
              }
              return;
            }
            const named = getNamedType(nullable);
            if (isInputObjectType(named) && typeof value === "object") {
              for (const field of Object.values(named.getFields())) {
                check((value as Record<string, unknown>)[field.name], field.type, `${named.name}.${field.name}`, `${path}.${field.name}`);
              }
            }
          };
          const typeInfo = new TypeInfo(schema);
          const visitor = visitWithTypeInfo(typeInfo, {
            Field(node) {
              const field = typeInfo.getFieldDef();
              const parent = typeInfo.getParentType();
              if (!field || !parent || field.args.length === 0) return;
              let args: Record<string, unknown>;
              try {
                args = getArgumentValues(field, node, variables);
              } catch {
                return; // a value that does not fit its type: execution reports it
              }
              for (const arg of field.args) check(args[arg.name], arg.type, `${parent.name}.${field.name}(${arg.name}:)`, arg.name);
            },
          });
          const roots: ASTNode[] = [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)];
          for (const root of roots) visit(root, visitor);
        },
      };
    },
  };
}
