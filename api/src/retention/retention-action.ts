import { registerEnumType } from 'type-graphql';

/** What happens to a project's response data when its approved retention period ends. */
export enum RetentionAction {
  /** Every response of every round goes, with its answers, scores, consent records, links and codes. */
  DELETE = 'DELETE',
  /** Free text, linkage keys and exact dates go; the numeric answers stay for charts and exports. */
  ANONYMISE = 'ANONYMISE',
}
registerEnumType(RetentionAction, {
  name: 'RetentionAction',
  description: "What happens to a project's response data when its approved retention period ends",
});
