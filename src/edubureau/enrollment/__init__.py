"""义务教育招生入学 (issue 12): zones, seat forecasts, applications, verifiable lotteries, balanced classes."""
