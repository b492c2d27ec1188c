import { Field, ObjectType } from "type-graphql";

@ObjectType("Viewer", { description: "The token making the request, as far as a client needs to know: what it may do." })
export class ViewerGql {
  @Field(() => [String], {
    description: 'The token\'s scopes: "read" (every query and subscription) and "transfer" (the transfer mutation). A page shows its transfer form only with "transfer".',
  })
  scopes!: string[];
}
