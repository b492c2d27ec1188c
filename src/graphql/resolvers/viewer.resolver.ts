import { Ctx, Query, Resolver } from "type-graphql";
import type { GraphQLContext } from "../context.js";
import { ViewerGql } from "../types/viewer.type.js";

/** Query.viewer: lets a client (the dashboard) hide what its token may not do, without a probe. */
@Resolver(() => ViewerGql)
export class ViewerResolver {
  @Query(() => ViewerGql, { description: "The calling token's scopes. Calls no exchange." })
  viewer(@Ctx() context: GraphQLContext): ViewerGql {
    return { scopes: [...context.principal.scopes].sort() };
  }
}
