int main() { return 0; }  // placeholder: CLI in progress
