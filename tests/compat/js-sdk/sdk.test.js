'use strict';
const { test, before } = require('node:test');
const assert = require('node:assert/strict');
const { connect, prefix, Octane, Query } = require('./octane');

const defects = Octane.entityTypes.defects;
let octane;

async function createDefects(names) {
  const created = await octane.create(defects, names.map((name) => ({ name, description: `<p>${name}</p>` }))).execute();
  assert.equal(created.total_count, names.length);
  return created.data;
}

before(() => {
  octane = connect();
});

test('the first call gets 401, signs in and is retried', async () => {
  const fresh = connect();
  const list = await fresh.get(defects).fields('name').limit(1).execute();
  assert.equal(list.data.length, 1);
  await fresh.signOut();
  const again = await fresh.get(defects).fields('name').limit(1).execute();
  assert.equal(again.data.length, 1);
});

test('a defect is created with only a name and a description', async () => {
  const name = prefix('SDK create');
  const [defect] = await createDefects([name]);
  assert.equal(defect.type, 'defect');
  assert.match(String(defect.id), /^[0-9]+$/);
  const read = await octane.get(defects).at(defect.id).fields('name', 'description', 'phase', 'severity').execute();
  assert.equal(read.name, name);
  assert.equal(read.description, `<p>${name}</p>`);
  assert.equal(read.phase.logical_name, 'phase.defect.new');
  assert.equal(read.severity.logical_name, 'list_node.severity.medium');
});

test('queries filter by equality, IN and a cross filter', async () => {
  const base = prefix('SDK query');
  const made = await createDefects([`${base} a`, `${base} b`, `${base} c`]);
  const equal = await octane.get(defects).fields('name').query(Query.field('name').equal(`${base} b`).build()).execute();
  assert.deepEqual(equal.data.map((d) => d.name), [`${base} b`]);

  const ids = [made[0].id, made[2].id];
  const inList = await octane.get(defects).fields('name').orderBy('id').query(Query.field('id').inComparison(ids).build()).execute();
  assert.deepEqual(inList.data.map((d) => d.id), ids.map(String));

  const wildcard = Query.field('name').equal(`${base}*`);
  const cross = wildcard.and(Query.field('phase').equal(Query.field('id').equal('phase.defect.new')));
  const crossed = await octane.get(defects).fields('name').query(cross.build()).execute();
  assert.equal(crossed.total_count, 3);

  const none = await octane.get(defects).fields('name')
    .query(wildcard.and(Query.field('phase').equal(Query.field('id').equal('phase.defect.closed'))).build()).execute();
  assert.equal(none.total_count, 0);
});

test('limit, offset and orderBy page through a collection', async () => {
  const base = prefix('SDK page');
  await createDefects([`${base} 1`, `${base} 2`, `${base} 3`, `${base} 4`]);
  const query = Query.field('name').equal(`${base}*`).build();
  const all = await octane.get(defects).fields('name').orderBy('-name').query(query).execute();
  assert.deepEqual(all.data.map((d) => d.name), [4, 3, 2, 1].map((n) => `${base} ${n}`));
  const page = await octane.get(defects).fields('name').orderBy('-name').query(query).limit(2).offset(1).execute();
  assert.equal(page.total_count, 4);
  assert.deepEqual(page.data.map((d) => d.name), [`${base} 3`, `${base} 2`]);
});

test('fields choose what comes back', async () => {
  const [defect] = await createDefects([prefix('SDK fields')]);
  const read = await octane.get(defects).at(defect.id).fields('name', 'owner', 'creation_time').execute();
  assert.deepEqual(Object.keys(read).sort(), ['creation_time', 'id', 'name', 'owner', 'subtype', 'type']);
  assert.match(read.creation_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  const metadata = await octane.get(Octane.entityTypes.fieldsMetadata).query(Query.field('entity_name').equal('defect').build()).execute();
  assert.ok(metadata.total_count >= 41);
});

test('update one, bulk update and update by query', async () => {
  const base = prefix('SDK update');
  const [one, two] = await createDefects([`${base} one`, `${base} two`]);
  const updated = await octane.update(defects, { id: one.id, name: `${base} renamed` }).execute();
  assert.equal(updated.name, `${base} renamed`);
  assert.equal(updated.version_stamp, 2);

  const bulk = await octane.updateBulk(defects, [{ id: one.id, blocked: true }, { id: two.id, blocked: true }]).execute();
  assert.equal(bulk.total_count, 2);

  const byQuery = await octane.updateBulk(defects, { blocked_reason: 'waiting' })
    .query(Query.field('name').equal(`${base}*`).build()).execute();
  assert.equal(byQuery.total_count, 2);
  const read = await octane.get(defects).fields('blocked', 'blocked_reason').orderBy('id')
    .query(Query.field('name').equal(`${base}*`).build()).execute();
  assert.deepEqual(read.data.map((d) => [d.blocked, d.blocked_reason]), [[true, 'waiting'], [true, 'waiting']]);
});

test('delete one answers an empty body and delete by query lists what went', async () => {
  const base = prefix('SDK delete');
  const made = await createDefects([`${base} 1`, `${base} 2`, `${base} 3`]);
  const single = await octane.delete(defects).at(made[0].id).execute();
  assert.ok(single === '' || single === undefined || single === null, `single delete answered ${JSON.stringify(single)}`);

  const ids = made.slice(1).map((d) => d.id);
  const deleted = await octane.delete(defects).query(Query.field('id').inComparison(ids).build()).execute();
  assert.equal(deleted.total_count, 2);
  assert.deepEqual(deleted.data.map((d) => d.id).sort(), ids.map(String).sort());
  const left = await octane.get(defects).query(Query.field('name').equal(`${base}*`).build()).execute();
  assert.equal(left.total_count, 0);
});

test('errors come back in Octane shape', async () => {
  await assert.rejects(octane.get(defects).at(999999999).execute(), (err) => {
    assert.equal(err.response.status, 404);
    assert.equal(err.response.data.error_code, 'platform.entity_not_found');
    return true;
  });
  await assert.rejects(octane.get(defects).query('name EQ').execute(), (err) => {
    assert.equal(err.response.status, 400);
    assert.equal(err.response.data.error_code, 'platform.query_syntax_error');
    return true;
  });
});

test('attachments: upload to a defect, list, read the entity and the bytes, delete', async () => {
  const name = 'attachment.txt';
  const bytes = Buffer.from('This is an attachment test file.');
  const [defect] = await createDefects([prefix('SDK attachment owner')]);
  try {
    const uploaded = await octane.uploadAttachment(name, bytes, 'owner_work_item', { id: Number(defect.id), type: 'work_item' }).execute();
    const id = parseInt(uploaded.data[0].id, 10);
    assert.ok(id > 0);

    const all = await octane.get(Octane.entityTypes.attachments).execute();
    assert.ok(all.total_count >= 1);
    const entity = await octane.get(Octane.entityTypes.attachments).fields('name').at(id).execute();
    assert.equal(entity.name, name);
    const content = await octane.getAttachmentContent().at(id).execute();
    assert.equal(JSON.stringify(content), JSON.stringify(bytes));
    const owner = await octane.get(defects).at(defect.id).fields('attachments', 'has_attachments').execute();
    assert.equal(owner.has_attachments, true);
    assert.deepEqual(owner.attachments.data.map((a) => a.id), [String(id)]);

    const second = await octane.uploadAttachment(name, bytes, 'owner_work_item', { id: Number(defect.id), type: 'work_item' }).execute();
    const secondId = parseInt(second.data[0].id, 10);
    await octane.delete(Octane.entityTypes.attachments).at(secondId).execute();
    await assert.rejects(octane.get(Octane.entityTypes.attachments).at(secondId).execute(), (err) => {
      assert.equal(err.response.status, 404);
      return true;
    });
  } finally {
    await octane.delete(defects).at(defect.id).execute();
  }
});

test('a custom request carries ALM-OCTANE-TECH-PREVIEW and an unknown operation is refused', async () => {
  const [defect] = await createDefects([prefix('SDK custom request')]);
  const url = `/api/shared_spaces/${process.env.TRELLIS_SHARED_SPACE ?? 1001}/workspaces/${process.env.TRELLIS_WORKSPACE ?? 1002}/defects/${defect.id}`;
  const read = await octane.executeCustomRequest(url, Octane.operationTypes.get, undefined, { 'ALM-OCTANE-TECH-PREVIEW': true });
  assert.equal(read.id, defect.id);
  assert.equal(read.type, 'defect');
  await assert.rejects(
    octane.executeCustomRequest(url, 'someRandomOp', undefined, { 'ALM-OCTANE-TECH-PREVIEW': true }),
    new Error('Operation is not supported'),
  );
});
