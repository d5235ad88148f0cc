namespace NewsAlerts.TestData;

/// <summary>Finds the test data files copied next to the test assembly.</summary>
internal static class TestDataFile
{
    public static string PathOf(string fileName) => Path.Combine(AppContext.BaseDirectory, "TestData", fileName);
}
