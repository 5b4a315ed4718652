"""学生资助, 控辍保学 and care groups (issue 13). So far the pure engines; the Django app comes with its models."""
