using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Trellis.Application.Errors;

/// <summary>
/// The failures that are the request's or the database's fault rather than a bug, wherever they surface: a JSON
/// string that is not UTF-8 (400), a query whose SQL is deeper than the database allows (400), a text longer than its
/// column or holding a NUL character on PostgreSQL (400), and a database that does not answer (503 with
/// <c>Retry-After</c>). Everything else stays a 500.
/// </summary>
internal static class RequestFailures
{
    /// <summary>The answer for <paramref name="exception"/>, or <see langword="null"/> when it is a bug.</summary>
    public static OctaneError? Classify(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                // System.Text.Json reads strings lazily: invalid UTF-8 in one shows up when the value is first read.
                case InvalidOperationException { InnerException: DecoderFallbackException }:
                    return OctaneError.BadRequest(OctaneErrorCodes.InvalidRequestBody, "The request body has a JSON string that is not valid UTF-8.");
                // The query compiler's limits bound the work; the database's own depth limit catches the mixes they allow.
                case SqliteException sqlite when IsTooDeep(sqlite):
                    return QueryTooComplex();
                case SqliteException sqlite when IsUnavailable(sqlite):
                    return OctaneError.DatabaseUnavailable();
                case DbException when current.GetType().Namespace == nameof(Npgsql) && Postgres.Classify(current) is { } answer:
                    return answer;
            }
        }

        return null;
    }

    private static OctaneError QueryTooComplex() => OctaneError.BadRequest(OctaneErrorCodes.QueryTooComplex,
        "The query is too complex for the database: its SQL nests too deep. Use fewer conditions, nested cross filters or parentheses.");

    private static bool IsTooDeep(SqliteException exception) =>
        exception.SqliteErrorCode == SQLitePCL.raw.SQLITE_ERROR
        && (exception.Message.Contains("Expression tree is too large", StringComparison.Ordinal) || exception.Message.Contains("parser stack overflow", StringComparison.Ordinal));

    // Cannot open the file, disk I/O, or busy beyond the busy timeout: the database, not the request.
    private static bool IsUnavailable(SqliteException exception) =>
        exception.SqliteErrorCode is SQLitePCL.raw.SQLITE_CANTOPEN or SQLitePCL.raw.SQLITE_IOERR or SQLitePCL.raw.SQLITE_BUSY;

    // PostgreSQL's exceptions are named only here, in a class of their own, so that a node on SQLite never loads Npgsql.
    private static class Postgres
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static OctaneError? Classify(Exception exception) => exception switch
        {
            PostgresException { SqlState: "54001" } => QueryTooComplex(),
            // A text longer than its column, which the services did not check first: PostgreSQL names no column for it.
            PostgresException { SqlState: "22001" } => OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue,
                "A value is longer than the database holds for its field."),
            // PostgreSQL's text holds no NUL character (\u0000 in JSON, %00 in a URL), wherever the request put one.
            PostgresException { SqlState: "22021" } => OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue,
                "A text in the request holds the NUL character (\\u0000 in JSON, %00 in a URL), which the database cannot store or search for."),
            NpgsqlException npgsql when IsUnavailable(npgsql) => OctaneError.DatabaseUnavailable(),
            _ => null,
        };

        // Refused or dropped connections, server shutdown, too many clients, or a database closed to connections (55000).
        private static bool IsUnavailable(NpgsqlException exception) =>
            exception.IsTransient || exception is PostgresException { SqlState: "55000" or "57P01" or "57P02" or "57P03" or "3D000" };
    }
}
