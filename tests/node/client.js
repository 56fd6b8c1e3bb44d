// A Node.js client built from proto/ alone, as an integrator in another language builds one: it loads
// the contracts and the standard protos beside them with @grpc/proto-loader, checks health, creates and
// lists a unit, and reads the google.rpc.Status details of a refusal (grpc-status-details-bin).
//
// Usage: node client.js <host:port> <bearer token>. Prints one JSON object of what it saw.

'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');
const protobuf = require('protobufjs');

const PROTO = path.join(__dirname, '..', '..', 'proto');
const [address, token] = process.argv.slice(2);

const definition = loader.loadSync(
  ['qinglian/tasks/v1/directory_service.proto', 'grpc/health/v1/health.proto'],
  { includeDirs: [PROTO], enums: String, longs: String, defaults: true, oneofs: true },
);
const packages = grpc.loadPackageDefinition(definition);

// The error model, from the same folder.
const errors = new protobuf.Root();
errors.resolvePath = (_, target) => path.join(PROTO, target);
errors.loadSync(['google/rpc/status.proto', 'google/rpc/error_details.proto']);
const Status = errors.lookupType('google.rpc.Status');

const credentials = grpc.credentials.createInsecure();
const health = new packages.grpc.health.v1.Health(address, credentials);
const directory = new packages.qinglian.tasks.v1.DirectoryService(address, credentials);

function call(client, method, request) {
  const metadata = new grpc.Metadata();
  metadata.set('authorization', `Bearer ${token}`);
  return new Promise((resolve, reject) => {
    client[method](request, metadata, { deadline: Date.now() + 10000 }, (error, response) =>
      error ? reject(error) : resolve(response),
    );
  });
}

// The details of a refusal: each packed message decoded by its type URL.
function details(error) {
  const [bytes] = error.metadata.get('grpc-status-details-bin');
  if (!bytes) return [];
  return Status.decode(bytes).details.map((any) => {
    const type = (any.typeUrl || any.type_url).split('/').pop();
    return { type, value: errors.lookupType(type).toObject(errors.lookupType(type).decode(any.value)) };
  });
}

async function main() {
  const seen = {};
  seen.health = (await call(health, 'Check', { service: '' })).status;
  const created = await call(directory, 'CreateUnit', {
    unit: { name: '节点客户局', kind: 'UNIT_KIND_ORGAN' },
  });
  seen.created = created.unit.name;
  const listed = await call(directory, 'ListUnits', { pageSize: 100 });
  seen.listed = listed.units.map((unit) => unit.name);
  try {
    await call(directory, 'CreateUnit', { unit: { name: '', kind: 'UNIT_KIND_ORGAN' } });
    seen.refused = null;
  } catch (error) {
    const found = details(error);
    seen.refused = {
      code: grpc.status[error.code],
      reason: found.filter((d) => d.type === 'google.rpc.ErrorInfo').map((d) => d.value.reason)[0],
      fields: found
        .filter((d) => d.type === 'google.rpc.BadRequest')
        .flatMap((d) => d.value.fieldViolations.map((v) => v.field)),
    };
  }
  process.stdout.write(`${JSON.stringify(seen)}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack || error}\n`);
    process.exit(1);
  },
);
