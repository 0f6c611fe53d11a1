import { AppError } from '../../../../../main/services/errors.js';
import type { GraphApproval, GraphApprovalStage, GraphAssignmentInstance, GraphScheduleRequest, NewScheduleRequest, PimGraph } from '../../../../../main/services/pim/pim-graph.api.js';
import type { GraphRequestStatus } from '../../../../../main/services/pim/pim.types.js';

/**
 * An in-memory stand-in for Graph's PIM API with a scripted request lifecycle: each `request()` read
 * returns the next status in `script` (the last one repeats). Counts calls so tests can check polling.
 */
export class FakePimGraph implements PimGraph {
  script: (GraphRequestStatus | AppError)[] = ['Provisioned'];
  instances: GraphAssignmentInstance[] = [];
  submitted: NewScheduleRequest[] = [];
  reads = 0;
  policy: unknown[] = [
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyExpirationRule', id: 'Expiration_EndUser_Assignment', maximumDuration: 'PT8H' },
    { '@odata.type': '#microsoft.graph.unifiedRoleManagementPolicyEnablementRule', id: 'Enablement_EndUser_Assignment', enabledRules: ['Justification'] },
  ];

  constructor(private readonly now: () => number) {}

  async me() {
    return { id: 'user-oid' };
  }
  async myEligibilities() {
    return [{ id: 'e1', groupId: 'group-1', principalId: 'user-oid', accessId: 'member', group: { id: 'group-1', displayName: 'PIM-Servers' } }];
  }
  async myActiveInstances() {
    return this.instances;
  }
  async myRequests() {
    return [];
  }
  async request(id: string): Promise<GraphScheduleRequest> {
    const step = this.script[Math.min(this.reads++, this.script.length - 1)]!;
    if (step instanceof AppError) throw step;
    return this.make(id, step);
  }
  async submit(request: NewScheduleRequest): Promise<GraphScheduleRequest> {
    this.submitted.push(request);
    return this.make('req-1', 'PendingApproval', request.action);
  }
  async cancel() {}
  /** The approval of a request: one stage, as `approvalStage` is scripted (default: none reviewed). */
  stage: GraphApprovalStage | undefined;
  async approval(id: string): Promise<GraphApproval> {
    return { id, stages: this.stage ? [this.stage] : [] };
  }
  async policyRules() {
    return this.policy;
  }

  /** Makes the activation exist in Graph for `minutes` from now. */
  activate(minutes: number): void {
    this.instances = [
      { id: 'inst-1', groupId: 'group-1', principalId: 'user-oid', accessId: 'member', assignmentType: 'Activated', startDateTime: new Date(this.now()).toISOString(), endDateTime: new Date(this.now() + minutes * 60_000).toISOString() },
    ];
  }

  private make(id: string, status: GraphRequestStatus, action = 'selfActivate'): GraphScheduleRequest {
    return { id, status, action, groupId: 'group-1', principalId: 'user-oid', accessId: 'member' };
  }
}
