using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Holon.Data;
using Microsoft.Data.Sqlite;

namespace Holon.Demo;

/// <summary>
/// A SHA-256 over every row of <c>blocks</c> ordered by id, each value tagged with its SQLite storage class, so two
/// files hash equal only when they hold the same rows with the same values and types.
/// </summary>
internal static class ContentHash
{
    [ConnectionFactory] // verification reads each file once, outside both backends
    public static (string Hash, long Rows) Compute(string path)
    {
        // Read-write (it only reads): closing the last connection then checkpoints the WAL and removes -wal/-shm,
        // which a read-only connection cannot do, so --db leaves tidy files behind.
        var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString();
        using var connection = new SqliteConnection(cs);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT " + Schema.AllColumns + " FROM blocks ORDER BY id";
        using var reader = command.ExecuteReader();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> scratch = stackalloc byte[9];
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            for (int i = 0; i < reader.FieldCount; i++)
            {
                if (reader.IsDBNull(i))
                {
                    hash.AppendData([0]);
                    continue;
                }

                switch (reader.GetFieldType(i))
                {
                    case var t when t == typeof(long):
                        scratch[0] = 1;
                        BinaryPrimitives.WriteInt64LittleEndian(scratch[1..], reader.GetInt64(i));
                        hash.AppendData(scratch);
                        break;
                    case var t when t == typeof(string):
                        var bytes = Encoding.UTF8.GetBytes(reader.GetString(i));
                        scratch[0] = 3;
                        BinaryPrimitives.WriteInt64LittleEndian(scratch[1..], bytes.Length);
                        hash.AppendData(scratch);
                        hash.AppendData(bytes);
                        break;
                    default:
                        // REAL or BLOB never occur in this schema; hash their text form, tagged apart.
                        var other = Encoding.UTF8.GetBytes(Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "");
                        scratch[0] = 9;
                        BinaryPrimitives.WriteInt64LittleEndian(scratch[1..], other.Length);
                        hash.AppendData(scratch);
                        hash.AppendData(other);
                        break;
                }
            }
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), rows);
    }
}
