namespace Gateway.Tuner;

public static class ExitCodes
{
    public const int Success = 0;
    public const int Usage = 2;
    public const int Upstream = 3;
}
