System.Console.WriteLine("Holon.Gen.Benchmarks: arrives with issue 5.");
