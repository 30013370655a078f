Console.Error.WriteLine("k8sbare: not implemented yet");
return 1;
