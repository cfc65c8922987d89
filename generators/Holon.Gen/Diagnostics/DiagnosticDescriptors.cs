using Microsoft.CodeAnalysis;

namespace Holon.Gen.Diagnostics;

/// <summary>
/// Every diagnostic Holon.Gen reports, in one place. HOLON001–099 belong to the generator and are
/// reported when code cannot be generated (HOLON016 warns about a member it cannot fill); HOLON100 and up belong to the analyzers.
/// Keep AnalyzerReleases.Unshipped.md and the pages under docs/ in step with this file.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string GeneratorCategory = "Holon.Generator";
    private const string UsageCategory = "Holon.Usage";
    private const string HelpBase = "https://github.com/holon-gen/Holon.Gen/blob/main/generators/Holon.Gen/docs/";

    private static DiagnosticDescriptor Rule(string id, string title, string message, string category, DiagnosticSeverity severity) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, helpLinkUri: HelpBase + id + ".md");

    // ---- Generator: cannot generate (HOLON001–099) ----

    public static readonly DiagnosticDescriptor TypeNotPartial = Rule(
        "HOLON001", "Containing type must be partial",
        "Type '{0}' declares [Query]/[Command]/[Watch] methods and must be partial (and so must every type containing it)",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MethodNotPartial = Rule(
        "HOLON002", "Method must be a partial declaration without a body",
        "Method '{0}' must be declared 'partial' without a body so that Holon.Gen can implement it",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NoConnectionSource = Rule(
        "HOLON003", "No SqlitePool and no ConnectionLease parameter",
        "Method '{0}' has no ConnectionLease parameter and type '{1}' has no SqlitePool field, property or primary-constructor parameter to rent from",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SqlParameterWithoutArgument = Rule(
        "HOLON004", "SQL parameter has no matching argument",
        "SQL parameter '{0}' of method '{1}' matches no method parameter and no member of the single object parameter",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ArgumentNotUsed = Rule(
        "HOLON005", "Method parameter is not used by the SQL",
        "Parameter '{0}' of method '{1}' is not referenced by the SQL; add @{0} to the SQL or remove the parameter",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Rule(
        "HOLON006", "Parameter type is not supported",
        "Parameter '{0}' of method '{1}' has type '{2}', which cannot be bound as one value; give it a converter with [SqlConverter(typeof(...))] or make it a single-value wrapper",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Rule(
        "HOLON007", "Return type is not supported",
        "Method '{0}' returns '{1}', which Holon.Gen cannot produce for [{2}]; [{2}] methods return {3}",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ResultTypeNotConstructible = Rule(
        "HOLON008", "Result type cannot be constructed",
        "Rows of method '{0}' cannot be mapped to '{1}': {2}",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidSql = Rule(
        "HOLON009", "SQL must be exactly one statement",
        "The SQL of method '{0}' {1}",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor GenericMethod = Rule(
        "HOLON010", "Generic methods are not supported",
        "Method '{0}' has type parameters; [{1}] methods must not be generic",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SeveralHolonAttributes = Rule(
        "HOLON011", "Only one of [Query], [Command], [Watch] per method",
        "Method '{0}' has {1}; a method runs one statement one way, so keep only one of [Query], [Command], [Watch]",
        GeneratorCategory, DiagnosticSeverity.Error);

    // ---- Generator: your own types, converters (HOLON040–044) ----

    public static readonly DiagnosticDescriptor ConverterModelMismatch = Rule(
        "HOLON040", "The converter converts another type",
        "Converter '{0}' converts '{1}', but it is applied to '{2}'; use a converter whose model type is '{2}' (an ISqlConverter<{2}, TStore>)",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NotAConverter = Rule(
        "HOLON041", "[SqlConverter] names a type that is not a converter",
        "Type '{0}' given to [SqlConverter] does not implement Holon.Data.ISqlConverter<TModel, TStore>",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ConverterStoreNotBindable = Rule(
        "HOLON042", "The converter's store type cannot be bound",
        "Converter '{0}' stores '{1}', which cannot be bound or read as one value; store a number, string, byte[], Guid, date or time type, or an enum",
        GeneratorCategory, DiagnosticSeverity.Error);

    // ---- Generator: declarations and mapping rules (HOLON012–019) ----

    public static readonly DiagnosticDescriptor FileLocalType = Rule(
        "HOLON012", "A file-local type cannot hold generated methods",
        "Type '{0}' is declared 'file', and C# lets no generated file complete a file-local type declared in another file; make '{0}' internal",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor AmbiguousConnectionSource = Rule(
        "HOLON013", "Ambiguous connection source",
        "Method '{0}' could rent from {1}; mark the one to use with [HolonPool], or pass a ConnectionLease parameter",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor PositionalParameter = Rule(
        "HOLON014", "Positional SQL parameters are not supported",
        "The SQL of method '{0}' uses the positional parameter '{1}'; name it instead (@name, matched to the method parameter 'name')",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor WatchWithLease = Rule(
        "HOLON015", "[Watch] takes no ConnectionLease",
        "[Watch] method '{0}' takes the ConnectionLease '{1}', but a watch rents its own readers each time it re-runs; remove the parameter",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MemberNotFillable = Rule(
        "HOLON016", "Row member cannot be filled",
        "Property '{0}' of '{1}' has a setter that generated code cannot call, so rows of method '{2}' never fill it; make the setter public, internal or init, or take it as a constructor parameter",
        GeneratorCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TypeNotGenerated = Rule(
        "HOLON017", "A type could not be generated",
        "Holon.Gen could not generate type '{0}' ({1}); the other types are generated. Please report this with the declaration.",
        GeneratorCategory, DiagnosticSeverity.Error);

    // ---- Generator, PostgreSQL backend (HOLON030–039) ----

    // HOLON030 ([Watch] not supported on PostgreSQL) is retired: PostgreSQL watches run on logical replication.

    public static readonly DiagnosticDescriptor PositionalAndNamedParameters = Rule(
        "HOLON031", "PostgreSQL SQL mixes positional and named parameters",
        "The SQL of '{0}' uses both the positional parameter {1} and the named parameter {2}; named parameters are rewritten to $1, $2 … so the positions would collide: use names only",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor NullableRowList = Rule(
        "HOLON032", "A list of rows is never null",
        "'{0}' returns '{1}': a List<T>, IReadOnlyList<T> or T[] result holds every row and is never null, so '?' leaves it unclear whether one array value is meant; drop the '?' for every row, read one array value as a row type or tuple with a {2} member, or each row's array as List<{2}>",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ArrayColumnNotSupported = Rule(
        "HOLON033", "The backend has no array columns",
        "'{0}' reads '{1}' of type '{2}' from one column, but SQLite has no array columns; read the elements as rows (List<T>), or store them as text and split them",
        GeneratorCategory, DiagnosticSeverity.Error);

    // ---- IN-lists ----

    public static readonly DiagnosticDescriptor InListNotUsedAsIn = Rule(
        "HOLON048", "A list of values binds only as IN @name",
        "'{0}': parameter '{1}' is a list of values, which binds only as 'IN @{1}' or 'NOT IN @{1}'; the SQL uses it otherwise",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InListElementNotSupported = Rule(
        "HOLON049", "An IN-list cannot hold this element type",
        "'{0}': parameter '{1}' is an IN-list of '{2}', which an IN-list cannot hold on this backend; use integers, text, GUIDs, dates or numbers",
        GeneratorCategory, DiagnosticSeverity.Error);

    // ---- Analyzers: rules about correct use (HOLON100 and up) ----

    public static readonly DiagnosticDescriptor DirectConnectionCreation = Rule(
        "HOLON100", "Do not create database connections directly",
        "'{0}' creates a new database connection; rent a ConnectionLease from a shared SqlitePool instead (pool.RentWriter()/RentReader(), or a generated [Query]/[Command] method)",
        UsageCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SqlNotConstant = Rule(
        "HOLON101", "SQL is not a compile-time constant",
        "SQL passed to '{0}' is not a compile-time constant; use constant SQL text (a literal or a const string) and put values in parameters",
        UsageCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor LeaseNotDisposed = Rule(
        "HOLON102", "ConnectionLease is not disposed on every path",
        "The ConnectionLease from '{0}' is not disposed on every path; declare it with 'using' or 'await using' so that it returns to the pool",
        UsageCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor QueryWrites = Rule(
        "HOLON103", "[Query] or [Watch] SQL writes",
        "[{0}] method '{1}' runs '{2}', which writes; [{0}] methods run on read-only reader connections, which reject it",
        UsageCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor CommandOnlyReads = Rule(
        "HOLON104", "[Command] SQL only reads",
        "[Command] method '{0}' only reads; use [Query] so that it runs on a reader and does not wait for the writer",
        UsageCategory, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor UpdateOrDeleteWithoutWhere = Rule(
        "HOLON105", "UPDATE or DELETE without WHERE",
        "[Command] method '{0}' runs {1} without a WHERE clause and affects every row; add a WHERE clause",
        UsageCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor SelectStar = Rule(
        "HOLON106", "SELECT * in a [Query] or [Watch]",
        "[{0}] method '{1}' uses 'SELECT *'; list the columns so that the result does not change silently with the schema",
        UsageCategory, DiagnosticSeverity.Info);

    // ---- Migrations (HOLON020–029): Migrations/*.sql files compiled into HolonMigrations ----

    public static readonly DiagnosticDescriptor MigrationFileName = Rule(
        "HOLON020", "Migration file name must be NNNN_description.sql",
        "Migration file '{0}' must be named NNNN_description.sql: a positive version number, an underscore and a name (for example 0001_create_blocks.sql)",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MigrationDuplicateVersion = Rule(
        "HOLON021", "Two migration files have the same version",
        "Migration files '{0}' and '{1}' both have version {2}; each version must be unique",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MigrationEmpty = Rule(
        "HOLON022", "Migration file is empty",
        "Migration file '{0}' has no SQL; write the migration's statements or delete the file",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MigrationGap = Rule(
        "HOLON023", "Migration versions have a gap",
        "Migration file '{0}' has version {1}, but no file has version {2}; versions must have no gaps (SqlitePool.Migrate refuses them)",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MigrationTransactionControl = Rule(
        "HOLON024", "Transaction control in a migration",
        "Migration file '{0}' line {1}: {2} is transaction control, which is not allowed in a migration; the runner begins and " +
        "commits each migration's transaction itself, with its holon_migrations row and user_version (SqlitePool.Migrate refuses it too)",
        GeneratorCategory, DiagnosticSeverity.Error);

    // ---- JSON columns ([SqlJson], HOLON045–047) ----

    public static readonly DiagnosticDescriptor SqlJsonNotAContext = Rule(
        "HOLON045", "[SqlJson] does not name a JsonSerializerContext",
        "[SqlJson(typeof({0}))] on '{1}': '{0}' is not a System.Text.Json JsonSerializerContext; name a non-abstract, non-generic partial class deriving from JsonSerializerContext with [JsonSerializable(typeof({1}))]",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor SqlJsonTypeNotInContext = Rule(
        "HOLON046", "The JSON context does not serialize the stored type",
        "JSON context '{0}' does not serialize '{1}': add [JsonSerializable(typeof({1}))] to '{0}' (or to a type it serializes)",
        GeneratorCategory, DiagnosticSeverity.Error);

    // ---- Schema verification: statements prepared by SQLite against the migrations (HOLON200–206) ----

    // ---- Bulk commands ----

    public static readonly DiagnosticDescriptor CollectionElementNeitherScalarNorRow = Rule(
        "HOLON051", "A collection parameter's element is neither a scalar nor a row type",
        "Parameter '{0}' of method '{1}' is a collection of '{2}', which is neither a bindable scalar (an IN-list) nor a row type (the rows of a bulk [Command]); use a list of a scalar or of a class, record or struct",
        GeneratorCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor UnsupportedBulkCommand = Rule(
        "HOLON052", "A list of rows cannot be run as a bulk command here",
        "'{0}': parameter '{1}' is a list of rows, which {2}",
        GeneratorCategory, DiagnosticSeverity.Error);

    private const string SchemaCategory = "Holon.Schema";

    public static readonly DiagnosticDescriptor SqliteRejects = Rule(
        "HOLON200", "SQLite rejects the statement on this schema",
        "SQLite rejects the SQL of '{0}' on the schema built from the migrations: {1}",
        SchemaCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor MemberWithoutColumn = Rule(
        "HOLON201", "A member that must be set has no column",
        "'{0}': member {1} must be set but the result has no column for it; the columns are: {2}",
        SchemaCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ColumnWithoutMember = Rule(
        "HOLON202", "A result column maps to no member",
        "'{0}': column '{1}' maps to no member and is read for nothing; remove it from the SQL or add a member",
        SchemaCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor NullableIntoNonNullable = Rule(
        "HOLON203", "A column that can be NULL goes into a non-nullable member",
        "'{0}': column '{1}' can be NULL but member {2} has non-nullable type '{3}'; make the member nullable or the column NOT NULL (or use COALESCE)",
        SchemaCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ColumnTypeMismatch = Rule(
        "HOLON204", "The column's declared type cannot hold the member's type",
        "'{0}': column '{1}' is declared '{2}', which the runtime cannot read into member {3} of type '{4}'",
        SchemaCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor MigrationFails = Rule(
        "HOLON205", "A migration fails to apply",
        "Migration '{0}' fails at line {1}: {2}",
        SchemaCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor VerificationSkipped = Rule(
        "HOLON206", "SQL verification against the schema was skipped",
        "SQL was not verified against a schema: {0}",
        SchemaCategory, DiagnosticSeverity.Info);

    public static readonly DiagnosticDescriptor DuplicateResultColumn = Rule(
        "HOLON207", "Two result columns map to one member",
        "'{0}': member {1} matches two columns, '{2}' at position {3} and '{4}' at position {5}; give one of them another name with AS",
        SchemaCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor InvalidSqlFunction = Rule(
        "HOLON208", "A declared SQL function cannot be registered",
        "[assembly: SqlFunction(\"{0}\", {1})] cannot be registered for verification: {2}",
        SchemaCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ParameterRejectedByStrictColumn = Rule(
        "HOLON209", "A parameter is written into a STRICT column of another type",
        "'{0}': parameter '{1}' of type '{2}' is bound as {3} and written into column '{4}' of STRICT table '{5}', declared {6}; SQLite stores it only if it converts losslessly, and fails with SQLITE_CONSTRAINT_DATATYPE otherwise: use a parameter of a matching type",
        SchemaCategory, DiagnosticSeverity.Error);

    public static readonly DiagnosticDescriptor ParameterTypeDiffersFromColumn = Rule(
        "HOLON210", "A parameter's type differs from the column it is compared with or written into",
        "'{0}': parameter '{1}' of type '{2}' is bound as {3} and {4} column '{5}' declared '{6}' ({7} affinity); SQLite converts or compares by affinity, which may not be what the code means: use a parameter of a matching type, or CAST",
        SchemaCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor ExpressionTypeMismatch = Rule(
        "HOLON211", "An expression column's type cannot be read into the member",
        "'{0}': column '{1}' is an expression whose value is always {2}, which the runtime cannot read into member {3} of type '{4}'; change the member's type or CAST the expression",
        SchemaCategory, DiagnosticSeverity.Warning);

    public static readonly DiagnosticDescriptor TextStorageCompared = Rule(
        "HOLON212", "A value stored as TEXT is compared, ordered or aggregated",
        "'{0}': column '{1}' holds {2} values stored as TEXT, and the statement {3} it; TEXT compares character by character (9.5 > 10, offsets are not instants): CAST it, or store it with an ordered storage converter ([SqlConverter(typeof(DateTimeOffsetAsUtcTicks))], GuidAsBlob)",
        SchemaCategory, DiagnosticSeverity.Warning);
}
