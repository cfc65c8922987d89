// ColumnMatcher.cs is linked from Holon.Data, which has implicit usings; this project has none.
global using System;
