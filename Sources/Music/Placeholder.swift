// placeholder (replaced)
