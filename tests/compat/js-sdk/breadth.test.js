'use strict';
// The wider Octane surface (docs/rest-api.md) as a client of the SDK reaches it: entity calls where the SDK
// has them, its custom request where it has none (group by, the space's workspace roles).
const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const { connect, prefix, Octane, Query } = require('./octane');

const sharedSpace = process.env.TRELLIS_SHARED_SPACE ?? 1001;
const workspace = `/api/shared_spaces/${sharedSpace}/workspaces/${process.env.TRELLIS_WORKSPACE ?? 1002}`;
const { defects } = Octane.entityTypes;
let octane;

before(() => {
  octane = connect();
});

/** A GET of a path the SDK's entity calls do not build, as a client sends it through the SDK. */
function customGet(path) {
  return octane.executeCustomRequest(path, Octane.operationTypes.get);
}

/** A query parameter as the SDK writes one: the query in double quotes, percent-encoded. */
function queryParameter(query) {
  return `query="${encodeURIComponent(query)}"`;
}

async function first(entityName, fields = ['name']) {
  const list = await octane.get(entityName).fields(...fields).orderBy('id').limit(1).execute();
  assert.equal(list.data.length, 1, `the demo data has no ${entityName}`);
  return list.data[0];
}

const ref = (type, id) => ({ type, id });

test('group by counts the matches of the query by phase and by owner, the null group last', async () => {
  const base = prefix('SDK groups');
  const me = await octane.executeCustomRequest('/api/current_user', Octane.operationTypes.get);
  const made = await octane.create(defects, [
    { name: `${base} 1` },
    { name: `${base} 2` },
    { name: `${base} 3`, owner: ref('workspace_user', me.id) },
  ]).execute();
  assert.equal(made.total_count, 3);
  const mine = queryParameter(Query.field('name').equal(`${base}*`).build());

  const byPhase = await customGet(`${workspace}/defects/groups?group_by=phase&${mine}`);
  assert.equal(byPhase.groupsTotalCount, 1);
  assert.equal(byPhase.groups[0].count, 3);
  assert.equal(byPhase.groups[0].value.type, 'phase');
  assert.equal(byPhase.groups[0].value.logical_name, 'phase.defect.new');
  assert.equal(typeof byPhase.groups[0].value.id, 'string');

  const byOwner = await customGet(`${workspace}/defects/groups?group_by=owner&use_numeric_id=true&${mine}`);
  assert.equal(byOwner.groupsTotalCount, 2);
  assert.deepEqual(byOwner.groups.map((g) => g.count), [1, 2]);
  assert.equal(byOwner.groups[0].value.type, 'workspace_user');
  assert.equal(byOwner.groups[0].value.id, Number(me.id));
  assert.equal(byOwner.groups[1].value, null);

  // Work items, as the SDK's users group a backlog: the subtype in the query, a limit sent along.
  const workItems = queryParameter(Query.field('subtype').equal('defect').and(Query.field('name').equal(`${base}*`)).build());
  const grouped = await customGet(`${workspace}/work_items/groups?group_by=phase&limit=20&${workItems}`);
  assert.deepEqual(grouped.groups.map((g) => [g.value.logical_name, g.count]), [['phase.defect.new', 3]]);

  await assert.rejects(customGet(`${workspace}/defects/groups?group_by=name`), (err) => {
    assert.equal(err.response.status, 400);
    assert.equal(err.response.data.error_code, 'platform.unknown_field');
    return true;
  });
});

test("the space's workspace roles are found by role, as the SDK's users ask", async () => {
  const spaceAdmins = await customGet(
    `/api/shared_spaces/${sharedSpace}/workspace_roles?fields=role,users&${queryParameter("role={logical_name='role.shared.space.admin'}")}`);
  assert.equal(spaceAdmins.total_count, 1);
  const [role] = spaceAdmins.data;
  assert.equal(role.type, 'workspace_role');
  assert.equal(role.role.logical_name, 'role.shared.space.admin');
  assert.ok(role.users.data.some((u) => u.name === process.env.TRELLIS_USER), 'the signed-in admin holds the space admin role');

  const workspaceAdmins = await customGet(
    `/api/shared_spaces/${sharedSpace}/workspace_roles?fields=role,workspace&${queryParameter(`workspace={id=${process.env.TRELLIS_WORKSPACE ?? 1002}};role={logical_name='role.workspace.admin'}`)}`);
  assert.equal(workspaceAdmins.total_count, 1);
  assert.equal(String(workspaceAdmins.data[0].workspace.id), String(process.env.TRELLIS_WORKSPACE ?? 1002));
});

test('entity labels name each type, filtered by entity_type', async () => {
  const labels = await octane.get('entity_labels').fields('entity_type', 'name', 'plural_name', 'initials')
    .query(Query.field('entity_type').equal('story').build()).execute();
  assert.equal(labels.total_count, 1);
  assert.equal(labels.data[0].name, 'User Story');
  assert.equal(labels.data[0].plural_name, 'User Stories');
  assert.equal(labels.data[0].initials, 'US');
});

test("a story's transitions lead forward and back one phase", async () => {
  const transitions = await octane.get(Octane.entityTypes.transitions).fields('entity', 'source_phase', 'target_phase', 'is_primary')
    .query(Query.field('entity').equal('story').build()).execute();
  assert.ok(transitions.total_count > 0);
  const moves = transitions.data.map((t) => `${t.source_phase.logical_name}>${t.target_phase.logical_name}:${t.is_primary}`);
  assert.ok(moves.includes('phase.story.new>phase.story.inprogress:true'), moves.join(' '));
  assert.ok(moves.includes('phase.story.inprogress>phase.story.new:false'), moves.join(' '));
  assert.ok(!moves.some((m) => m.startsWith('phase.story.new>phase.story.done')));
});

test('source control: a repository root found by URL, a branch for a story, the story shows it', async () => {
  const story = await first(Octane.entityTypes.stories);
  const patterns = await octane.get('scm_commit_patterns').fields('pattern', 'entity_type', 'applies_to')
    .query(Query.field('entity_type').equal(Query.field('id').equal('list_node.scm_commit_pattern_entity_type.user_story'))
      .and(Query.field('applies_to').equal(Query.field('id').equal('list_node.commit_pattern.applies_to.branch'))).build())
    .execute();
  assert.equal(patterns.total_count, 1);
  assert.equal(patterns.data[0].pattern, 'us_(\\d+)');

  const url = `https://git.example/${prefix('sdk').replace(/\W+/g, '-')}.git`;
  const byUrl = Query.field('url').equal(url).build();
  assert.equal((await octane.get('scm_repository_roots').query(byUrl).execute()).total_count, 0);
  const root = (await octane.create('scm_repository_roots', { name: url, url, scm_type: 2 }).execute()).data[0];
  assert.equal(root.type, 'scm_repository_root');
  const found = await octane.get('scm_repository_roots').query(byUrl).execute();
  assert.deepEqual(found.data.map((r) => r.id), [root.id]);

  const name = `us_${story.id}-${Date.now()}`;
  const branch = (await octane.create('scm_repositories', {
    name,
    repository: root,
    work_items: { data: [ref('work_item', story.id)] },
  }).execute()).data[0];
  const shown = await octane.get(Octane.entityTypes.stories).at(story.id).fields('scm_branches').execute();
  assert.ok(shown.scm_branches.data.some((b) => b.id === branch.id && b.name === name));
  const branches = await octane.get('scm_repositories').fields('name', 'repository')
    .query(Query.field('work_items').equal(Query.field('id').equal(story.id)).build()).execute();
  assert.equal(branches.data.find((b) => b.id === branch.id).repository.id, root.id);
});

test("a test's versions and a suite's links to its tests are created and queried", async () => {
  const manual = await first('manual_tests');
  const suite = await first(Octane.entityTypes.testSuites);
  const description = `<p>${prefix('SDK version')}</p>`;
  await octane.create('test_versions', { test: ref('test_manual', manual.id), description }).execute();
  const versions = await octane.get('test_versions').fields('test', 'description')
    .query(Query.field('test').equal(Query.field('id').equal(manual.id)).build()).execute();
  assert.ok(versions.data.some((v) => v.description === description && v.test.id === manual.id));

  const link = (await octane.create(Octane.entityTypes.testSuiteLinkToTests, {
    test_suite: ref('test_suite', suite.id),
    test: ref('test_manual', manual.id),
    execution_order: 1,
  }).execute()).data[0];
  const links = await octane.get(Octane.entityTypes.testSuiteLinkToTests).fields('test', 'test_suite', 'execution_order')
    .query(Query.field('test_suite').equal(Query.field('id').equal(suite.id)).build()).execute();
  const read = links.data.find((l) => l.id === link.id);
  assert.equal(read.test.id, manual.id);
  assert.equal(read.execution_order, 1);
});

test("work items are filtered by their phase's metaphase", async () => {
  const done = Query.field('metaphase').equal(Query.field('logical_name').equal('metaphase.work_item.done'));
  const metaphases = await octane.get(Octane.entityTypes.metaphases).fields('logical_name')
    .query(Query.field('entity').equal('work_item').build()).execute();
  assert.ok(metaphases.data.some((m) => m.logical_name === 'metaphase.work_item.done'));

  const subtypes = Query.field('subtype').inComparison(['defect', 'story', 'quality_story']);
  const donePhases = await octane.get(Octane.entityTypes.phases).fields('logical_name').query(done.build()).execute();
  const doneIds = new Set(donePhases.data.map((p) => p.id));
  assert.ok(doneIds.size > 0);
  const all = await octane.get(Octane.entityTypes.workItems).fields('phase').limit(5000).query(subtypes.build()).execute();
  const filtered = await octane.get(Octane.entityTypes.workItems).fields('phase').limit(5000)
    .query(subtypes.and(Query.field('phase').equal(done)).build()).execute();
  const expected = all.data.filter((w) => doneIds.has(w.phase.id)).map((w) => w.id).sort();
  assert.ok(expected.length > 0, 'the demo data has finished work items');
  assert.deepEqual(filtered.data.map((w) => w.id).sort(), expected);
});

test('a release with a sprint duration gets its sprints, found by release', async () => {
  const release = (await octane.create(Octane.entityTypes.releases, {
    name: prefix('SDK release'),
    start_date: '2026-03-01T00:00:00Z',
    end_date: '2026-03-31T00:00:00Z',
    sprint_duration: 14,
  }).execute()).data[0];
  const read = await octane.get(Octane.entityTypes.releases).at(release.id).fields('sprint_duration', 'num_of_sprints').execute();
  assert.equal(read.sprint_duration, 14);
  assert.equal(read.num_of_sprints, 3);

  const sprints = await octane.get(Octane.entityTypes.sprints).fields('name', 'start_date', 'end_date').orderBy('start_date')
    .query(Query.field('release').equal(Query.field('id').equal(release.id)).build()).execute();
  assert.deepEqual(sprints.data.map((s) => [s.name, s.start_date, s.end_date]), [
    ['Sprint 1', '2026-03-01T00:00:00Z', '2026-03-14T00:00:00Z'],
    ['Sprint 2', '2026-03-15T00:00:00Z', '2026-03-28T00:00:00Z'],
    ['Sprint 3', '2026-03-29T00:00:00Z', '2026-03-31T00:00:00Z'],
  ]);
});
