using Notifications.Gateways.BigQuery;

namespace Notifications.Gateways.Tests.BigQuery;

public sealed class BigQueryStatementsTests
{
    [Theory]
    [InlineData("SELECT 1")]
    [InlineData("  select user_id from t  ")]
    [InlineData("WITH a AS (SELECT 1 AS user_id) SELECT * FROM a")]
    [InlineData("(SELECT 1) UNION ALL (SELECT 2)")]
    [InlineData("FROM t |> WHERE x > 1")]
    [InlineData("SELECT 1;")]
    [InlineData("SELECT 1; -- a trailing comment; with a semicolon")]
    [InlineData("SELECT 1;\n# hash comment ; too\n/* and a block ; comment */")]
    [InlineData("SELECT 1 -- ; DROP TABLE t")]
    [InlineData("SELECT 1 # ; DROP TABLE t")]
    [InlineData("SELECT 1 /* ; DROP TABLE t; */ FROM t")]
    [InlineData("SELECT 'a;b', \"c;d\"")]
    [InlineData("SELECT 'it\\'s; DROP TABLE t'")]
    [InlineData("SELECT \"say \\\"hi\\\"; DROP TABLE t\"")]
    [InlineData("SELECT 'back\\\\slash'")]
    [InlineData("SELECT '''a ' '' ; \" b\n multi-line; DROP TABLE t'''")]
    [InlineData("SELECT \"\"\"x \"\" ' ; y\"\"\"")]
    [InlineData("SELECT r'\\'; DROP TABLE t'")]
    [InlineData("SELECT b'\\x00;', RB\"\"\";\"\"\", br'''a;'''")]
    [InlineData("SELECT * FROM `proj.ds.odd;name`")]
    [InlineData("SELECT * FROM `it\\`s;odd`")]
    [InlineData("SELECT '--', '#', '/*' FROM t")]
    [InlineData("SELECT rb FROM t WHERE r = 'x' AND b = 1")]
    public void Classify_OneSelect_Select(string sql) => Assert.Equal("SELECT", BigQueryStatements.Classify(sql));

    [Theory]
    [InlineData("SELECT 1; SELECT 2")]
    [InlineData("SELECT 1;SELECT 2;")]
    [InlineData("SELECT '--'; DELETE FROM t WHERE TRUE")]
    [InlineData("SELECT 1 -- it's\n; DELETE FROM t WHERE TRUE")]
    [InlineData("SELECT 1 # it's\n; DELETE FROM t WHERE TRUE")]
    [InlineData("SELECT 'a\\''; DELETE FROM t WHERE TRUE; SELECT '\\''")]
    [InlineData("SELECT '''a''' ; DROP TABLE t")]
    [InlineData("SELECT 1 /* ' */ ; INSERT INTO t VALUES ('x') /* ' */")]
    [InlineData("SELECT `a;b`; DROP TABLE t")]
    [InlineData("DECLARE x INT64")]
    [InlineData("BEGIN SELECT 1; END")]
    [InlineData("SET x = 1")]
    [InlineData("CALL ds.proc()")]
    [InlineData("EXECUTE IMMEDIATE 'DROP TABLE t'")]
    [InlineData("IF TRUE THEN SELECT 1; END IF")]
    public void Classify_MoreThanOneStatementOrScripting_Script(string sql) => Assert.Equal("SCRIPT", BigQueryStatements.Classify(sql));

    [Theory]
    [InlineData("INSERT INTO t (x) VALUES (1)", "INSERT")]
    [InlineData("update t SET x = 1 WHERE TRUE", "UPDATE")]
    [InlineData("DELETE FROM t WHERE TRUE", "DELETE")]
    [InlineData("DELETE t WHERE TRUE", "DELETE")]
    [InlineData("MERGE t USING s ON FALSE WHEN NOT MATCHED THEN INSERT ROW", "MERGE")]
    [InlineData("TRUNCATE TABLE t", "TRUNCATE_TABLE")]
    [InlineData("CREATE TABLE t (x INT64)", "CREATE_TABLE")]
    [InlineData("CREATE TABLE t (x INT64 OPTIONS(description = 'AS'))", "CREATE_TABLE")]
    [InlineData("CREATE OR REPLACE TABLE t AS SELECT 1 AS x", "CREATE_TABLE_AS_SELECT")]
    [InlineData("CREATE TEMP TABLE t (x INT64) AS (SELECT 1)", "CREATE_TABLE_AS_SELECT")]
    [InlineData("CREATE VIEW v AS SELECT 1", "CREATE_VIEW")]
    [InlineData("CREATE MATERIALIZED VIEW v AS SELECT 1", "CREATE_MATERIALIZED_VIEW")]
    [InlineData("CREATE TEMP FUNCTION f() AS (1)", "CREATE_FUNCTION")]
    [InlineData("CREATE TABLE FUNCTION f() AS SELECT 1", "CREATE_TABLE_FUNCTION")]
    [InlineData("CREATE SCHEMA IF NOT EXISTS ds", "CREATE_SCHEMA")]
    [InlineData("CREATE ROW ACCESS POLICY p ON t GRANT TO ('user:a@b.example') FILTER USING (TRUE)", "CREATE_ROW_ACCESS_POLICY")]
    [InlineData("DROP TABLE t", "DROP_TABLE")]
    [InlineData("DROP SCHEMA ds CASCADE", "DROP_SCHEMA")]
    [InlineData("DROP ALL ROW ACCESS POLICIES ON t", "DROP_ALL_ROW_ACCESS_POLICIES")]
    [InlineData("ALTER TABLE t ADD COLUMN y STRING", "ALTER_TABLE")]
    [InlineData("EXPORT DATA OPTIONS(uri='gs://b/*.csv', format='CSV') AS SELECT 1", "EXPORT_DATA")]
    [InlineData("LOAD DATA INTO t FROM FILES(uris=['gs://b/x.csv'])", "LOAD_DATA")]
    [InlineData("ASSERT (SELECT COUNT(*) FROM t) > 0", "ASSERT")]
    [InlineData("GRANT `roles/bigquery.dataViewer` ON TABLE t TO 'user:a@b.example'", "GRANT")]
    [InlineData("/* comment first */ -- and another\n DELETE FROM t WHERE TRUE;", "DELETE")]
    public void Classify_DmlOrDdl_TheirStatementType(string sql, string expected) => Assert.Equal(expected, BigQueryStatements.Classify(sql));

    [Theory]
    [InlineData("SELECT 'unterminated", "Unclosed string literal at [1:8]")]
    [InlineData("SELECT 'line\nbreak'", "Unclosed string literal")]
    [InlineData("SELECT '''never closed''", "Unclosed string literal")]
    [InlineData("SELECT 'escaped end\\'", "Unclosed string literal")]
    [InlineData("SELECT 1 /* open", "Unclosed comment at [1:10]")]
    [InlineData("SELECT * FROM `open", "Unclosed identifier literal")]
    [InlineData("", "Unexpected end of script")]
    [InlineData("  -- only a comment\n", "Unexpected end of script")]
    [InlineData(";", "Unexpected \";\"")]
    [InlineData("SELECT 1;; SELECT 2", "Unexpected \";\"")]
    [InlineData("SELEC 1", "Unexpected keyword SELEC at [1:1]")]
    [InlineData("SELECT x FROM (\nDELETE FROM t WHERE TRUE\n) AS a", "Unexpected keyword DELETE at [2:1]")]
    [InlineData("SELECT x FROM (INSERT INTO t VALUES (1))", "Unexpected keyword INSERT")]
    public void Classify_NotGoogleSql_SyntaxErrorWithPosition(string sql, string message)
    {
        var ex = Assert.Throws<BigQuerySyntaxException>(() => BigQueryStatements.Classify(sql));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
