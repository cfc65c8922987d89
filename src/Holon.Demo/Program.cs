System.Console.WriteLine("Holon.Demo: the workload arrives with issue 5.");
