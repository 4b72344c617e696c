// The two dialects must describe one database: db/schema.ts hands either set of tables to lib/ under
// one TypeScript shape, so a column, index or constraint present on one engine only is a bug that
// shows on that engine alone. This test compares them, and checks each dialect's migrations are
// what drizzle-kit would generate from its schema today.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getTableColumns, is, SQL, type Column } from 'drizzle-orm';
import {
  boolean,
  getTableConfig as getPgTableConfig,
  index as pgIndex,
  integer as pgInteger,
  PgTable,
  pgTable,
  text as pgText,
  timestamp,
} from 'drizzle-orm/pg-core';
import {
  getTableConfig as getSqliteTableConfig,
  index as sqliteIndex,
  integer as sqliteInteger,
  SQLiteTable,
  sqliteTable,
  text as sqliteText,
} from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import sqliteConfig from '@/drizzle.config';
import postgresConfig from '@/drizzle.postgres.config';
import * as facade from './schema';
import * as postgresSchema from './schema.postgres';
import * as sqliteSchema from './schema.sqlite';

type AnyTable = SQLiteTable | PgTable;

/** One type name per kind of value lib/ reads, whatever the engine stores it as. */
function normalisedType(column: Column) {
  const config = (column as unknown as { config?: { mode?: string } }).config;
  switch (column.columnType) {
    case 'SQLiteText':
    case 'PgText':
      return 'text';
    case 'SQLiteInteger':
    case 'PgInteger':
    case 'PgBigInt53': // bigint read as a JS number, like SQLite's 64-bit integers
      return 'integer';
    case 'SQLiteBoolean':
    case 'PgBoolean':
      return 'boolean';
    case 'SQLiteTimestamp':
      // `timestamp` mode keeps whole seconds, which PostgreSQL's millisecond timestamps do not mirror.
      return config?.mode === 'timestamp_ms' ? 'timestamp' : `sqlite-${config?.mode}`;
    case 'PgTimestamp': {
      const { precision, withTimezone } = column as unknown as {
        precision?: number;
        withTimezone: boolean;
      };
      // Milliseconds with a time zone: the instant SQLite's timestamp_ms stores, read back unchanged.
      return precision === 3 && withTimezone ? 'timestamp' : column.getSQLType();
    }
    default:
      return `${column.columnType} (add it to normalisedType if it has a counterpart)`;
  }
}

function normalisedDefault(column: Column) {
  if (!column.hasDefault) return 'none';
  // Identity / autoincrement keys carry no default value, only the flag.
  if (column.default === undefined) return 'generated';
  // now() and unixepoch() are spelled per engine; both are "the time of the insert".
  if (is(column.default, SQL)) return 'expression';
  return JSON.stringify(column.default);
}

function describeColumns(table: AnyTable) {
  return Object.fromEntries(
    Object.entries(getTableColumns(table)).map(([key, column]) => [
      column.name,
      {
        key,
        type: normalisedType(column),
        notNull: column.notNull,
        primaryKey: column.primary,
        default: normalisedDefault(column),
        generatedKey:
          (column as unknown as { autoIncrement?: boolean }).autoIncrement === true ||
          (column as unknown as { generatedIdentity?: unknown }).generatedIdentity !== undefined,
        enum: column.enumValues ?? null,
      },
    ]),
  );
}

// PostgreSQL's trigram indexes for the users search: the one intended difference.
const postgresOnly = new Set<string>(postgresSchema.SEARCH_INDEXES);

const columnNames = (columns: { name: string }[]) => columns.map((column) => column.name);
const byName = <T extends { name: string }>(items: T[]) =>
  [...items].sort((a, b) => a.name.localeCompare(b.name));

/** Everything about a table that migrations create, in terms both dialects share. */
function describeTable(table: AnyTable) {
  const config = is(table, SQLiteTable) ? getSqliteTableConfig(table) : getPgTableConfig(table);
  return {
    columns: describeColumns(table),
    indexes: byName(
      config.indexes
        .filter(({ config: index }) => !postgresOnly.has(index.name ?? ''))
        .map(({ config: index }) => ({
          name: index.name ?? '(unnamed)',
          columns: columnNames(index.columns as { name: string }[]),
          unique: index.unique ?? false,
          partial: index.where !== undefined,
        })),
    ),
    foreignKeys: byName(
      config.foreignKeys.map((foreignKey) => {
        const reference = foreignKey.reference();
        return {
          name: foreignKey.getName(),
          columns: columnNames(reference.columns),
          references: {
            table: is(reference.foreignTable, SQLiteTable)
              ? getSqliteTableConfig(reference.foreignTable).name
              : getPgTableConfig(reference.foreignTable as PgTable).name,
            columns: columnNames(reference.foreignColumns),
          },
          onDelete: foreignKey.onDelete ?? 'no action',
          onUpdate: foreignKey.onUpdate ?? 'no action',
        };
      }),
    ),
    primaryKeys: byName(
      config.primaryKeys.map((key) => ({ name: key.getName(), columns: columnNames(key.columns) })),
    ),
    uniqueConstraints: byName(
      config.uniqueConstraints.map((constraint) => ({
        name: constraint.getName() ?? '(unnamed)',
        columns: columnNames(constraint.columns),
      })),
    ),
    checks: config.checks.map((check) => check.name).sort(),
  };
}

/** Export name -> table, and table name -> its description. */
function describeSchema(module: Record<string, unknown>) {
  const tables = Object.entries(module).filter(
    (entry): entry is [string, AnyTable] => is(entry[1], SQLiteTable) || is(entry[1], PgTable),
  );
  const name = (table: AnyTable) =>
    is(table, SQLiteTable) ? getSqliteTableConfig(table).name : getPgTableConfig(table).name;
  return {
    exports: Object.fromEntries(tables.map(([key, table]) => [key, name(table)])),
    tables: Object.fromEntries(
      tables
        .map(([, table]) => [name(table), describeTable(table)] as const)
        .sort(([a], [b]) => a.localeCompare(b)),
    ),
  };
}

describe('the SQLite and PostgreSQL schemas', () => {
  it('define the same tables, columns, indexes and constraints', () => {
    const sqlite = describeSchema(sqliteSchema);
    expect(Object.keys(sqlite.tables).length).toBeGreaterThan(0);
    expect(describeSchema(postgresSchema)).toEqual(sqlite);
  });

  it('differ only by PostgreSQL’s trigram search indexes, which exist', () => {
    const searchIndexes = getPgTableConfig(postgresSchema.users)
      .indexes.filter(({ config: index }) => postgresOnly.has(index.name ?? ''))
      .map(({ config: index }) => `${index.name} ${index.method}`);
    expect(searchIndexes.sort()).toEqual(['users_email_trgm_idx gin', 'users_name_trgm_idx gin']);
  });

  it('are both served whole by the db/schema facade', () => {
    expect(Object.keys(describeSchema(facade).exports).sort()).toEqual(
      Object.keys(describeSchema(sqliteSchema).exports).sort(),
    );
  });

  it('tell apart schemas that drift (the comparison itself can fail)', () => {
    const sqliteUsers = sqliteTable(
      'users',
      {
        id: sqliteInteger('id').primaryKey({ autoIncrement: true }),
        email: sqliteText('email').notNull(),
        active: sqliteInteger('active', { mode: 'boolean' }).notNull().default(true),
        seenAt: sqliteInteger('seen_at', { mode: 'timestamp_ms' }),
      },
      (t) => [sqliteIndex('users_email_idx').on(t.email)],
    );
    const postgresUsers = (
      changes: Partial<{ emailNullable: boolean; activeDefault: boolean; indexOn: 'email' | 'id' }>,
    ) =>
      pgTable(
        'users',
        {
          id: pgInteger('id').primaryKey().generatedByDefaultAsIdentity(),
          email: changes.emailNullable ? pgText('email') : pgText('email').notNull(),
          active: boolean('active')
            .notNull()
            .default(changes.activeDefault ?? true),
          seenAt: timestamp('seen_at', { withTimezone: true, precision: 3 }),
        },
        (t) => [pgIndex('users_email_idx').on(changes.indexOn === 'id' ? t.id : t.email)],
      );
    const sqlite = describeSchema({ users: sqliteUsers });
    expect(describeSchema({ users: postgresUsers({}) })).toEqual(sqlite);
    for (const drift of [
      { emailNullable: true },
      { activeDefault: false },
      { indexOn: 'id' as const },
    ]) {
      expect(describeSchema({ users: postgresUsers(drift) }), JSON.stringify(drift)).not.toEqual(
        sqlite,
      );
    }
    expect(describeSchema({ accounts: postgresUsers({}) })).not.toEqual(sqlite);
  });
});

type KitConfig = { dialect: string; schema: string | string[]; out?: string };

/**
 * Runs `drizzle-kit generate` for `config` against a copy of `migrations` and returns what it would
 * add: nothing when the migrations are current.
 */
function pendingMigrations(config: KitConfig, migrations: string | null) {
  const dir = mkdtempSync(path.join(tmpdir(), 'accesskey-drift-'));
  try {
    const out = path.join(dir, 'out');
    if (migrations) cpSync(migrations, out, { recursive: true });
    const schema = [config.schema].flat().map((file) => path.resolve(file));
    writeFileSync(
      path.join(dir, 'drizzle.config.json'),
      JSON.stringify({ ...config, schema, out: './out' }),
    );
    // drizzle-kit reads the out folder relative to its working directory.
    const result = spawnSync(
      process.execPath,
      [
        path.resolve('node_modules/drizzle-kit/bin.cjs'),
        'generate',
        '--config',
        'drizzle.config.json',
      ],
      { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 },
    );
    const output = `${result.stdout}${result.stderr}`;
    const files = (folder: string) =>
      readdirSync(folder, { recursive: true, encoding: 'utf8' }).sort();
    const before = migrations ? files(migrations) : [];
    const after = files(dir).flatMap((file) =>
      file.startsWith(`out${path.sep}`) ? [file.slice(4)] : [],
    );
    const added = after.filter((file) => !before.includes(file));
    // drizzle-kit exits 0 on some failures, so success is its own words plus an untouched folder.
    if (result.status !== 0 || !output.includes('No schema changes')) {
      const sql = added
        .filter((file) => file.endsWith('.sql'))
        .map((file) => `-- ${file}\n${readFileSync(path.join(out, file), 'utf8')}`);
      return [`drizzle-kit generate (exit ${result.status}):\n${output}`, ...sql].join('\n');
    }
    return added.length > 0 ? `drizzle-kit wrote ${added.join(', ')}` : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the migrations', () => {
  it.each([
    ['SQLite', sqliteConfig as KitConfig],
    ['PostgreSQL', postgresConfig as KitConfig],
  ])(
    'of %s are current: drizzle-kit generate has nothing to add (run npm run db:generate)',
    (_, config) => {
      expect(pendingMigrations(config, path.resolve(config.out!))).toBeNull();
    },
    60_000,
  );

  it('are checked for real: a missing migration is reported', () => {
    expect(pendingMigrations(postgresConfig as KitConfig, null)).toMatch(/CREATE TABLE "users"/);
  }, 60_000);
});
