import { badRequest, notFound } from '../pim/pim-errors.js';
import { allPolicies, policyAssignmentId } from '../pim/pim-policy.js';
import type { GroupPolicy } from '../state/model.js';
import { byKey, contextUrl, KEY_SEGMENT, type GraphCall, type GraphRoute } from './graph-call.js';
import { requirePermission, sendGraphJson } from './graph-http.js';
import { applySelect, filterValues, matchesFilter, page, type ExpandItem } from './odata.js';
import { policyAssignmentJson, policyJson, policyRulesJson } from './policy-views.js';

/**
 * Role management policies for PIM for Groups (policyroot-list-rolemanagementpolicyassignments.md,
 * policyroot-list-rolemanagementpolicies.md, unifiedrolemanagementpolicy-list-rules.md).
 */

const POLICY_READ = ['RoleManagementPolicy.Read.AzureADGroup', 'RoleManagementPolicy.ReadWrite.AzureADGroup'];

/**
 * Both list APIs "require the $filter (eq) query parameter to scope the request to a scopeId and a
 * scopeType". Missing scope: 400 BadRequest (Graph's answer for it is undocumented; unverified).
 */
function scopedPolicies(call: GraphCall): GroupPolicy[] {
  const scopeIds = filterValues(call.query.filter, 'scopeId');
  const scopeTypes = filterValues(call.query.filter, 'scopeType');
  if (scopeIds.length === 0 || scopeTypes.length === 0) {
    throw badRequest("The request requires a $filter on scopeId and scopeType (for example: $filter=scopeId eq '{groupId}' and scopeType eq 'Group').");
  }
  return allPolicies(call.pim.tenant);
}

/** How far `$expand` reaches into a policy assignment: nothing, the policy, or the policy with rules. */
function policyExpansion(expand: ExpandItem[]): 'none' | 'policy' | 'rules' {
  const policy = expand.find((e) => e.name.toLowerCase() === 'policy');
  for (const e of expand) if (e.name.toLowerCase() !== 'policy') throw badRequest(`Could not find a property named '${e.name}' on type 'microsoft.graph.unifiedRoleManagementPolicyAssignment'.`);
  if (!policy) return 'none';
  return policy.expand.some((e) => e.name.toLowerCase() === 'rules') ? 'rules' : 'policy';
}

function assignmentsContext(expansion: 'none' | 'policy' | 'rules'): string {
  return expansion === 'none' ? '' : expansion === 'policy' ? '(policy())' : '(policy(rules()))';
}

function listAssignments(call: GraphCall): void {
  requirePermission(call.identity, POLICY_READ, 'pim');
  const expansion = policyExpansion(call.query.expand);
  const rows = scopedPolicies(call)
    .map((p) => policyAssignmentJson(call.pim.tenant, p, expansion))
    .filter((json) => matchesFilter(json, call.query.filter));
  const { value, nextLink } = page(rows, call.query, call.ctx.url);
  sendGraphJson(call.ctx, 200, {
    '@odata.context': contextUrl(call, `policies/roleManagementPolicyAssignments${assignmentsContext(expansion)}`),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    value: value.map((v) => applySelect(v, call.query.select, Object.keys(v), ['policy'])),
  });
}

function getAssignment(call: GraphCall, match: RegExpExecArray): void {
  requirePermission(call.identity, POLICY_READ, 'pim');
  const expansion = policyExpansion(call.query.expand);
  const policy = allPolicies(call.pim.tenant).find((p) => policyAssignmentId(p).toLowerCase() === match[1]!.toLowerCase());
  if (!policy) throw notFound(match[1]!);
  const json = policyAssignmentJson(call.pim.tenant, policy, expansion);
  sendGraphJson(call.ctx, 200, {
    '@odata.context': contextUrl(call, `policies/roleManagementPolicyAssignments${assignmentsContext(expansion)}/$entity`),
    ...applySelect(json, call.query.select, Object.keys(json), ['policy']),
  });
}

function withRules(call: GraphCall): boolean {
  for (const e of call.query.expand) if (e.name.toLowerCase() !== 'rules') throw badRequest(`Could not find a property named '${e.name}' on type 'microsoft.graph.unifiedRoleManagementPolicy'.`);
  return call.query.expand.length > 0;
}

function listPolicies(call: GraphCall): void {
  requirePermission(call.identity, POLICY_READ, 'pim');
  const rules = withRules(call);
  const rows = scopedPolicies(call)
    .map((p) => policyJson(call.pim.tenant, p, rules))
    .filter((json) => matchesFilter(json, call.query.filter));
  const { value, nextLink } = page(rows, call.query, call.ctx.url);
  sendGraphJson(call.ctx, 200, {
    '@odata.context': contextUrl(call, `policies/roleManagementPolicies${rules ? '(rules())' : ''}`),
    ...(nextLink ? { '@odata.nextLink': nextLink } : {}),
    value: value.map((v) => applySelect(v, call.query.select, Object.keys(v), ['rules'])),
  });
}

function policyById(call: GraphCall, id: string): GroupPolicy {
  const policy = allPolicies(call.pim.tenant).find((p) => p.id.toLowerCase() === id.toLowerCase());
  if (!policy) throw notFound(id);
  return policy;
}

function getPolicy(call: GraphCall, match: RegExpExecArray): void {
  requirePermission(call.identity, POLICY_READ, 'pim');
  const rules = withRules(call);
  const json = policyJson(call.pim.tenant, policyById(call, match[1]!), rules);
  sendGraphJson(call.ctx, 200, {
    '@odata.context': contextUrl(call, `policies/roleManagementPolicies${rules ? '(rules())' : ''}/$entity`),
    ...applySelect(json, call.query.select, Object.keys(json), ['rules']),
  });
}

function listRules(call: GraphCall, match: RegExpExecArray): void {
  requirePermission(call.identity, POLICY_READ, 'pim');
  const policy = policyById(call, match[1]!);
  sendGraphJson(call.ctx, 200, {
    '@odata.context': contextUrl(call, `policies/roleManagementPolicies('${policy.id}')/rules`),
    value: policyRulesJson(call.pim.tenant, policy),
  });
}

function getRule(call: GraphCall, match: RegExpExecArray): void {
  requirePermission(call.identity, POLICY_READ, 'pim');
  const policy = policyById(call, match[1]!);
  const rule = policyRulesJson(call.pim.tenant, policy).find((r) => String(r.id).toLowerCase() === match[2]!.toLowerCase());
  if (!rule) throw notFound(match[2]!);
  sendGraphJson(call.ctx, 200, { '@odata.context': contextUrl(call, `policies/roleManagementPolicies('${policy.id}')/rules/$entity`), ...rule });
}

/** Policy routes. */
export function policyRoutes(): GraphRoute[] {
  const key = KEY_SEGMENT;
  const norm = byKey;
  return [
    { method: 'GET', pattern: /^\/policies\/roleManagementPolicyAssignments$/i, handler: listAssignments },
    { method: 'GET', pattern: new RegExp(`^\\/policies\\/roleManagementPolicyAssignments${key}$`, 'i'), handler: norm(getAssignment) },
    { method: 'GET', pattern: /^\/policies\/roleManagementPolicies$/i, handler: listPolicies },
    { method: 'GET', pattern: new RegExp(`^\\/policies\\/roleManagementPolicies${key}$`, 'i'), handler: norm(getPolicy) },
    { method: 'GET', pattern: new RegExp(`^\\/policies\\/roleManagementPolicies${key}\\/rules$`, 'i'), handler: norm(listRules) },
    { method: 'GET', pattern: new RegExp(`^\\/policies\\/roleManagementPolicies${key}\\/rules\\/([^/()]+)$`, 'i'), handler: norm(getRule) },
  ];
}
